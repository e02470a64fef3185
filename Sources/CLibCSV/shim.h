#ifndef AFTERSCHOOL_CLIBCSV_SHIM_H
#define AFTERSCHOOL_CLIBCSV_SHIM_H

#include <csv.h>

/// True when the parser is between records: no field of a record has been
/// started. libcsv keeps this in `pstate` (ROW_NOT_BEGUN is 0 in csv.c); the
/// reader uses it to note the physical line where each record starts.
static inline int afterschool_csv_row_not_begun(const struct csv_parser *p) {
    return p->pstate == 0;
}

/// True when the parser is inside a quoted field (FIELD_BEGUN is 2 and
/// FIELD_MIGHT_HAVE_ENDED is 3 in csv.c; `quoted` is cleared when a field
/// ends). The reader uses it to note the line where an open quote began.
static inline int afterschool_csv_in_quoted_field(const struct csv_parser *p) {
    return p->quoted && (p->pstate == 2 || p->pstate == 3);
}

#endif
