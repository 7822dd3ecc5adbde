/* Fuzz target: any alert JSON gives a valid teams payload within the platform's limits. */
#include "fuzz_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_format(NA_DEST_TEAMS, data, size);
}
