#ifndef AFTERSCHOOL_CLIBCSV_SHIM_H
#define AFTERSCHOOL_CLIBCSV_SHIM_H

#include <csv.h>

/// True when the parser is between records: no field of a record has been
/// started. libcsv keeps this in `pstate` (ROW_NOT_BEGUN is 0 in csv.c); the
/// reader uses it to note the physical line where each record starts.
static inline int afterschool_csv_row_not_begun(const struct csv_parser *p) {
    return p->pstate == 0;
}

#endif
