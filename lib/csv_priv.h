#ifndef PANEL_CSV_PRIV_H
#define PANEL_CSV_PRIV_H

/*
 * libcsv's header is also called csv.h, and lib/ comes first on the
 * include path, so <csv.h> would find this module's own header.  Included
 * as <csv_priv.h> (found through lib/ on the path), #include_next reaches
 * past lib/ to libcsv's.  Only lib/csv.c includes this.
 */
#include_next <csv.h>

#endif
