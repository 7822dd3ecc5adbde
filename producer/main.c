#include <stdio.h>

int main(void)
{
    fputs("newsalert-producer: not built yet\n", stderr);
    return 2;
}
