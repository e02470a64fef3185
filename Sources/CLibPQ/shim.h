#ifndef AFTERSCHOOL_CLIBPQ_SHIM_H
#define AFTERSCHOOL_CLIBPQ_SHIM_H

// libpq, PostgreSQL's C client, from the system (Debian's libpq-dev puts
// the header in /usr/include/postgresql).
#include <postgresql/libpq-fe.h>

#endif
