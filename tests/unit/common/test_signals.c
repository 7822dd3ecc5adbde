/* SIGINT/SIGTERM in both binaries: the first sets the flag, the second ends the process. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsalert/signals.h"

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
    got = sig;
}

static void test_first_sets_flag_second_kills(void **state)
{
    (void)state;
    int sigs[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            na_signals_catch(on_signal, NULL);
            raise(sigs[i]);
            if (got != sigs[i])
                _exit(10); /* the first signal did not reach the handler */
            raise(sigs[i]);
            _exit(11); /* the second signal did not end the process */
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sigs[i]);
    }
}

static void test_restore(void **state)
{
    (void)state;
    na_signals_saved old;
    struct sigaction now;
    na_signals_catch(on_signal, &old);
    sigaction(SIGTERM, NULL, &now);
    assert_ptr_equal(now.sa_handler, on_signal);
    assert_true(now.sa_flags & SA_RESETHAND);
    na_signals_restore(&old);
    sigaction(SIGTERM, NULL, &now);
    assert_ptr_equal(now.sa_handler, old.sigterm.sa_handler);
    assert_ptr_not_equal(now.sa_handler, on_signal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_sets_flag_second_kills),
        cmocka_unit_test(test_restore),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
