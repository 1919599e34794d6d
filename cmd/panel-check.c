/*
 * panel-check: validate every record of a case repository and the
 * references between them.  Problems go to standard output, one per line,
 * so that they can be piped; the count goes to standard error.
 */

#include <getopt.h>
#include <stdio.h>

#include "check.h"
#include "cli.h"
#include "err.h"
#include "fs.h"
#include "repo.h"
#include "banned.h"

static const char *prog = "panel-check";

static void
usage(FILE *f)
{
	fprintf(f, "usage: %s [-hq] [-C dir] [--wait seconds]\n", prog);
}

static void
report(const struct panel_err *problem, void *ctx)
{
	char line[PANEL_ERR_FILE + PANEL_ERR_MSG + 32];

	(void)ctx;
	printf("%s\n", panel_err_format(problem, line, sizeof(line)));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"help", no_argument, NULL, 'h'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"wait", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0},
	};
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_repo *repo = NULL;
	struct panel_check chk;
	const char *dir = NULL;
	long long wait = 0;
	int c, quiet = 0, status;

	panel_fs_umask();
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return panel_cli_exit(prog, PANEL_EXIT_OK);
		case 'q':
			quiet = 1;
			break;
		case 'w':
			if (panel_cli_number(
			        &wait, prog, "--wait", optarg, 0, 3600) < 0)
				return PANEL_EXIT_USAGE;
			break;
		default:
			usage(stderr);
			return PANEL_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(
		    stderr, "%s: no operands are taken: use -C dir\n", prog);
		usage(stderr);
		return PANEL_EXIT_USAGE;
	}
	if (panel_repo_find(&repo, dir, &err) < 0)
		goto fail;
	/* A writer's half-made change must not be taken for a problem. */
	if (repo->writable && panel_repo_lock(repo, (unsigned)wait, &err) < 0)
		goto fail;
	if (panel_check_repo(
	        &chk, repo->root, quiet ? NULL : report, NULL, &err) < 0)
		goto fail;
	if (chk.problems > 0 && !quiet)
		fprintf(stderr, "%s: %zu problem%s in %zu records\n", prog,
		    chk.problems, chk.problems == 1 ? "" : "s", chk.records);
	status = chk.unreadable > 0 ? PANEL_EXIT_INPUT
	         : chk.problems > 0 ? PANEL_EXIT_NO
	                            : PANEL_EXIT_OK;
	status = panel_cli_exit(prog, status);
	goto done;
fail:
	status = panel_cli_fail(prog, &err);
done:
	panel_repo_free(repo);
	return status;
}
