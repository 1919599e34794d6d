/*
 * panel-init: create a case repository, empty or from an example panel.
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "err.h"
#include "fs.h"
#include "init.h"
#include "banned.h"

static const char *prog = "panel-init";

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s [-h] [-C dir] [--from src] [--name name] "
	    "[--no-commit] dir\n",
	    prog);
}

/* Prints a problem of the source, named from the source folder. */
static void
report(const struct panel_err *problem, void *ctx)
{
	char line[PANEL_ERR_FILE + PANEL_ERR_MSG + 32];
	const char *from = ctx;
	size_t n = strlen(from);

	while (n > 1 && from[n - 1] == '/')
		n--;
	panel_err_format(problem, line, sizeof(line));
	/* Problems of "--from ." are named as panel check names them. */
	if (n == 1 && from[0] == '.')
		fprintf(stderr, "%s: %s\n", prog, line);
	else
		fprintf(stderr, "%s: %.*s/%s\n", prog, (int)n, from, line);
}

static void
print_result(const struct panel_init_result *res, const char *dir,
    const struct panel_init_opts *opts)
{
	printf("created panel '%s' in %s\n", res->name, dir);
	printf("  panel.yaml, members/, meetings/, actions/, "
	       "recommendations/, .gitignore, vault/ (0700, never "
	       "committed)\n");
	if (opts->from != NULL)
		printf("  from %s: %zu records, %zu other files, %zu exports "
		       "into vault/exports/\n",
		    opts->from, res->records, res->files, res->exports);
	if (res->commit[0] != '\0')
		printf("  commit %.12s: panel-init: create panel %s\n",
		    res->commit, res->name);
	else
		printf("  nothing committed (--no-commit)\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {"name", required_argument, NULL, 'n'},
	    {"no-commit", no_argument, NULL, 'N'},
	    {NULL, 0, NULL, 0},
	};
	struct panel_init_opts opts = {NULL, NULL, 0};
	struct panel_init_result res = {NULL, 0, 0, 0, ""};
	struct panel_err err = PANEL_ERR_INIT;
	const char *cdir = NULL;
	int c, status;

	panel_fs_umask();
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			cdir = optarg;
			break;
		case 'N':
			opts.no_commit = 1;
			break;
		case 'f':
			opts.from = optarg;
			break;
		case 'h':
			usage(stdout);
			return panel_cli_exit(prog, PANEL_EXIT_OK);
		case 'n':
			opts.name = optarg;
			break;
		default:
			usage(stderr);
			return PANEL_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "%s: %s\n", prog,
		    argc == optind ? "missing dir: the folder to create"
		                   : "too many operands: give one dir");
		usage(stderr);
		return PANEL_EXIT_USAGE;
	}
	if (cdir != NULL && chdir(cdir) != 0) {
		panel_err_set(&err, PANEL_EINPUT, cdir, 0, 0,
		    "cannot change to the folder");
		return panel_cli_fail(prog, &err);
	}
	if (panel_init_repo(&res, argv[optind], &opts, report,
	        (void *)opts.from, &err) < 0) {
		status = panel_cli_fail(prog, &err);
		goto done;
	}
	print_result(&res, argv[optind], &opts);
	status = panel_cli_exit(prog, PANEL_EXIT_OK);
done:
	panel_init_result_release(&res);
	return status;
}
