/*
 * panel-sample: a dip sample that nobody can pick and anybody can check.
 * import fixes a meeting's population from the force's exports, draw
 * takes the sample with a public seed by Rivest's consistent sampling,
 * verify recomputes it, substitute and conflict record what happens at
 * the meeting, pack writes the members' pack.  The work is in lib/
 * (population, draw, pack); this file reads options and picks the exit
 * status.
 */

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "cli.h"
#include "contacts.h"
#include "draw.h"
#include "err.h"
#include "fs.h"
#include "pack.h"
#include "population.h"
#include "repo.h"

#include "banned.h"

static const char *prog = "panel-sample";

#define MAX_AREAS 64

enum mode { IMPORT, DRAW, VERIFY, SUBSTITUTE, CONFLICT, PACK, NMODES };
static const char *const modes[NMODES] = {
    "import", "draw", "verify", "substitute", "conflict", "pack"};

/* The options each mode takes, by the letters of the option string. */
static const char *const mode_opts[NMODES] = {
    "CMNWacdpt", "CMNWrsz", "CM", "CMNWiqy", "CMNWimx", "CMf"};

struct opts {
	const char *dir, *meeting, *calls, *corr, *period, *channels;
	const char *seed, *sizes, *item, *reason, *member, *interest;
	const char *format;
	const char *areas[MAX_AREAS + 1];
	size_t nareas;
	long long wait, reserve;
	int no_commit;
	char given[128];
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s [-h] [-C dir] [--wait seconds] [--no-commit] import\n"
	    "           --meeting date [--calls file.csv]\n"
	    "           [--correspondence file.csv] [--period from..to]\n"
	    "           [--area name] [--channel list]\n"
	    "       %s [-C dir] [--wait seconds] [--no-commit] draw\n"
	    "           --meeting date --seed digits [--size stratum=n,...]\n"
	    "           [--reserve n]\n"
	    "       %s [-C dir] verify --meeting date\n"
	    "       %s [-C dir] [--wait seconds] [--no-commit] substitute\n"
	    "           --meeting date --item id --reason text\n"
	    "       %s [-C dir] [--wait seconds] [--no-commit] conflict\n"
	    "           --meeting date --member id --item id --interest text\n"
	    "       %s [-C dir] pack --meeting date [--format md|html]\n",
	    prog, prog, prog, prog, prog, prog);
}

static int PANEL_PRINTF(1, 2) bad(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	return PANEL_EXIT_USAGE;
}

static int
parse_opts(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"area", required_argument, NULL, 'a'},
	    {"calls", required_argument, NULL, 'c'},
	    {"channel", required_argument, NULL, 't'},
	    {"correspondence", required_argument, NULL, 'd'},
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {"interest", required_argument, NULL, 'x'},
	    {"item", required_argument, NULL, 'i'},
	    {"meeting", required_argument, NULL, 'M'},
	    {"member", required_argument, NULL, 'm'},
	    {"no-commit", no_argument, NULL, 'N'},
	    {"period", required_argument, NULL, 'p'},
	    {"reason", required_argument, NULL, 'q'},
	    {"reserve", required_argument, NULL, 'r'},
	    {"seed", required_argument, NULL, 's'},
	    {"size", required_argument, NULL, 'z'},
	    {"wait", required_argument, NULL, 'W'},
	    {NULL, 0, NULL, 0},
	};
	/* The options that take a string, and where each keeps it. */
	static const char strs[] = "CMcdfimpqstxz";
	const char **const at[] = {&o->dir, &o->meeting, &o->calls, &o->corr,
	    &o->format, &o->item, &o->member, &o->period, &o->reason, &o->seed,
	    &o->channels, &o->interest, &o->sizes};
	const char *p;
	int c;

	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		if (c != '?' && c != 'h' && c != 'a' && o->given[c & 127])
			return bad("option given twice: -%c", c);
		o->given[c & 127] = 1;
		if (c != 0 && (p = strchr(strs, c)) != NULL) {
			*at[p - strs] = optarg;
			continue;
		}
		switch (c) {
		case 'N':
			o->no_commit = 1;
			break;
		case 'W':
			if (panel_cli_number(
			        &o->wait, prog, "--wait", optarg, 0, 86400) < 0)
				return PANEL_EXIT_USAGE;
			break;
		case 'a':
			if (o->nareas == MAX_AREAS)
				return bad(
				    "too many --area options (at most %d)",
				    MAX_AREAS);
			o->areas[o->nareas++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return panel_cli_exit(prog, PANEL_EXIT_OK);
		case 'r':
			if (panel_cli_number(&o->reserve, prog, "--reserve",
			        optarg, 0, PANEL_DRAW_RESERVE_MAX) < 0)
				return PANEL_EXIT_USAGE;
			break;
		default:
			usage(stderr);
			return PANEL_EXIT_USAGE;
		}
	}
	return -1;
}

/* Refuses options that are not for mode, and missing required ones. */
static int
check_mode(const struct opts *o, enum mode m)
{
	static const char *const required[NMODES] = {
	    "M", "Ms", "M", "Miq", "Mmix", "M"};
	static const char *const names = "aCcdfimMNpqrstWxz";
	static const char *const longs[] = {"--area", "-C", "--calls",
	    "--correspondence", "--format", "--item", "--member", "--meeting",
	    "--no-commit", "--period", "--reason", "--reserve", "--seed",
	    "--channel", "--wait", "--interest", "--size"};
	const char *r;
	size_t i;

	for (i = 0; names[i] != '\0'; i++)
		if (o->given[(int)names[i]] && !strchr(mode_opts[m], names[i]))
			return bad("option %s is not for this mode", longs[i]);
	for (r = required[m]; *r != '\0'; r++)
		if (!o->given[(int)*r])
			return bad("this mode needs %s",
			    longs[strchr(names, *r) - names]);
	if (m == IMPORT && o->calls == NULL && o->corr == NULL)
		return bad("%s needs --calls or --correspondence", "import");
	return -1;
}

/* Returns 0 or a negative PANEL_E*, or an exit status once it has said why. */
static int
import(struct panel_buf *out, struct panel_repo *repo, const struct opts *o,
    struct panel_err *err)
{
	struct panel_import im = {
	    o->meeting, o->calls, o->corr, NULL, NULL, NULL, NULL};
	const char *channels[PANEL_STRATA * 4 + 1];
	char *period = NULL, *chan = NULL;
	int rc = 0;

	if (o->nareas > 0)
		im.areas = o->areas;
	if (o->channels != NULL) {
		chan = panel_xstrdup(o->channels);
		panel_population_channels(
		    &im, channels, PANEL_STRATA * 4, chan);
	}
	if (o->period != NULL) {
		period = panel_xstrdup(o->period);
		if (panel_population_period(&im, period, err) < 0)
			rc = bad("%s", err->msg);
	}
	if (rc == 0)
		rc = panel_population_import(out, repo, &im, err);
	free(period);
	free(chan);
	return rc;
}

static int
run(struct panel_buf *out, struct panel_repo *repo, enum mode m, struct opts *o,
    struct panel_err *err)
{
	struct panel_draw d = {
	    o->meeting, o->seed, {-1, -1, -1, -1, -1}, o->reserve};
	int rc;

	switch (m) {
	case IMPORT:
		return import(out, repo, o, err);
	case DRAW:
		if (o->sizes != NULL &&
		    (rc = panel_draw_parse_sizes(d.sizes, o->sizes, err)) < 0)
			return rc;
		return panel_draw_sample(out, repo, &d, err);
	case VERIFY:
		return panel_draw_verify(out, repo, o->meeting, err);
	case SUBSTITUTE:
		return panel_draw_substitute(
		    out, repo, o->meeting, o->item, o->reason, err);
	case CONFLICT:
		return panel_draw_conflict(out, repo, o->meeting, o->member,
		    o->item, o->interest, err);
	default:
		return panel_pack_write(out, repo, o->meeting,
		    o->format != NULL && strcmp(o->format, "html") == 0
		        ? PANEL_PACK_HTML
		        : PANEL_PACK_MD,
		    err);
	}
}

int
main(int argc, char **argv)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf out = PANEL_BUF_INIT;
	struct panel_repo *repo = NULL;
	struct opts o;
	int m, status;

	panel_fs_umask();
	memset(&o, 0, sizeof(o));
	o.reserve = -1;
	if ((status = parse_opts(&o, argc, argv)) >= 0)
		return status;
	if (optind >= argc)
		return bad("%s", "no mode given");
	for (m = 0; m < NMODES && strcmp(argv[optind], modes[m]) != 0; m++)
		;
	if (m == NMODES)
		return bad("'%s' is not a mode", argv[optind]);
	if (optind + 1 < argc)
		return bad("too many operands: '%s'", argv[optind + 1]);
	if ((status = check_mode(&o, (enum mode)m)) >= 0)
		return status;
	if (o.format != NULL && strcmp(o.format, "md") != 0 &&
	    strcmp(o.format, "html") != 0)
		return bad("option --format: '%s' is not md or html", o.format);
	if (panel_repo_find(&repo, o.dir, &err) < 0)
		goto fail;
	repo->no_commit = o.no_commit;
	if (m != VERIFY && m != PACK &&
	    panel_repo_lock(repo, (unsigned)o.wait, &err) < 0)
		goto fail;
	if ((status = run(&out, repo, (enum mode)m, &o, &err)) > 0)
		goto done;
	if (status < 0)
		goto fail;
	fwrite(out.buf, 1, out.len, stdout);
	status = panel_cli_exit(prog, PANEL_EXIT_OK);
	goto done;
fail:
	/* Before the message, so that it says what could not be put back. */
	panel_repo_rollback(repo, &err);
	status = panel_cli_fail(prog, &err);
done:
	panel_repo_free(repo);
	panel_buf_release(&out);
	return status;
}
