/*
 * Routing in a backtest (--input FILE -c CONFIG with --report/--report-html): the daemon's
 * routing decisions and digests replayed on the alerts' event times, recorded in the report.
 */
#ifndef NEWSALERT_CONSUMER_ROUTE_SIM_H
#define NEWSALERT_CONSUMER_ROUTE_SIM_H

#include "config/destinations.h"
#include "modes/report.h"
#include "rules/alert.h"

typedef struct na_route_sim na_route_sim;

/* cfg and report (borrowed) must outlive it. NULL when out of memory. */
na_route_sim *na_route_sim_new(const na_destinations *cfg, na_report *report);
/* Routes al at its event time (an alert without one: the latest time seen); 0 or NA_ENOMEM. */
int na_route_sim_alert(na_route_sim *s, const na_alert *al);
/* The end of the input: the digests still waiting are sent (recorded). */
void na_route_sim_finish(na_route_sim *s);
void na_route_sim_destroy(na_route_sim *s);

#endif
