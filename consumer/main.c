#include <stdio.h>

int main(void)
{
    fputs("newsalert-consumer: not built yet\n", stderr);
    return 2;
}
