/*
 * panel-redact: UK personal data out of correspondence.  Reads each file
 * (standard input when there is none) and writes it redacted to standard
 * output, all in one process; --check lists what would be removed;
 * --meeting redacts a meeting's sampled correspondence from the vault
 * into the repository, with a log of each removal, and commits.
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "correspond.h"
#include "err.h"
#include "fs.h"
#include "record.h"
#include "redact.h"
#include "repo.h"
#include "banned.h"

#define MAX_INPUT (64 * 1024 * 1024)
#define OUT_BUFFER (64 * 1024)

static const char *prog = "panel-redact";

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s [-ht] [-C dir] [-s style] [file ...]\n"
	    "       %s -c [-C dir] [file ...]\n"
	    "       %s -m date [-C dir] [-s style] [--no-commit] "
	    "[--wait seconds]\n",
	    prog, prog, prog);
}

struct opts {
	const char *dir, *meeting;
	enum panel_redact_style style;
	int check, thread, no_commit;
	long long wait;
};

/* Prints each finding as file:line:col: TYPE (rule). */
static size_t
print_findings(const char *name, const struct panel_redact_result *res)
{
	size_t i, n = 0;

	for (i = 0; i < res->nhits; i++) {
		if (strcmp(res->hits[i].type, "INVALID-UTF8") == 0)
			continue;
		printf("%s:%u:%u: %s (%s)\n", name, res->hits[i].line,
		    res->hits[i].column, res->hits[i].type, res->hits[i].rule);
		n++;
	}
	return n;
}

/* Warns of each invalid UTF-8 sequence, which was replaced. */
static void
warn_utf8(const char *name, const struct panel_redact_result *res)
{
	size_t i;

	/* Most documents have none: no need to look at every hit. */
	for (i = 0; res->nbad > 0 && i < res->nhits; i++)
		if (strcmp(res->hits[i].type, "INVALID-UTF8") == 0)
			fprintf(stderr,
			    "%s: %s:%u:%u: invalid UTF-8 replaced by U+FFFD\n",
			    prog, name, res->hits[i].line, res->hits[i].column);
}

/*
 * Output to a file or pipe in large writes, not one for each document of
 * a batch as stdio's 4 KiB would make.  glibc takes the size only with a
 * buffer: static, as stdout is flushed on the way out of main().
 */
static void
buffer_output(void)
{
	static char out[OUT_BUFFER];

	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out, _IOFBF, sizeof(out));
}

/*
 * Redacts or checks each operand.  Output is written only once a
 * document has been redacted whole: a failed match writes nothing of it,
 * and the run stops there.
 */
static int
run_files(struct panel_redact *r, const struct opts *o, char **files, size_t n,
    size_t *found, struct panel_err *err)
{
	struct panel_redact_result res;
	struct panel_buf in = PANEL_BUF_INIT;
	const char *name;
	size_t i;
	int rc = 0;

	panel_redact_result_init(&res);
	buffer_output();
	for (i = 0; i < (n ? n : 1) && rc == 0; i++) {
		name = n ? files[i] : "-";
		panel_buf_reset(&in);
		if ((rc = panel_fs_read_path(&in, name, MAX_INPUT, err)) < 0)
			break;
		if (!o->thread)
			panel_redact_thread(r);
		rc = panel_redact_run(
		    &res, r, name, in.buf, in.len, NULL, o->style, err);
		if (rc < 0)
			break;
		warn_utf8(name, &res);
		if (o->check)
			*found += print_findings(name, &res);
		else
			fwrite(res.text.buf, 1, res.text.len, stdout);
	}
	panel_redact_result_release(&res);
	panel_buf_release(&in);
	return rc;
}

/*
 * The detector, configured by the repository's panel.yaml when there is a
 * repository (always with -C; otherwise only if one is found).
 */
static int
detector(struct panel_redact **out, struct panel_repo **repo,
    const struct opts *o, struct panel_err *err)
{
	struct panel_doc *panel = NULL;
	int rc;

	rc = panel_repo_find(repo, o->dir, err);
	if (rc < 0 && o->dir == NULL && o->meeting == NULL &&
	    getenv("PANEL_REPO") == NULL) {
		*repo = NULL;
		return panel_redact_new(out, NULL, NULL, err);
	}
	if (rc < 0)
		return rc;
	if ((rc = panel_record_load(&panel, (*repo)->root, "panel.yaml", err)) <
	    0)
		return rc;
	rc = panel_redact_new(out, "panel.yaml", panel->root, err);
	panel_doc_free(panel);
	return rc;
}

static int
parse(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"check", no_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {"meeting", required_argument, NULL, 'm'},
	    {"no-commit", no_argument, NULL, 'n'},
	    {"style", required_argument, NULL, 's'},
	    {"thread", no_argument, NULL, 't'},
	    {"wait", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	while (
	    (c = getopt_long(argc, argv, "C:chm:s:t", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			o->dir = optarg;
			break;
		case 'c':
			o->check = 1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'm':
			o->meeting = optarg;
			break;
		case 'n':
			o->no_commit = 1;
			break;
		case 's':
			if (strcmp(optarg, "number") == 0)
				o->style = PANEL_REDACT_NUMBERED;
			else if (strcmp(optarg, "type") == 0)
				o->style = PANEL_REDACT_TYPED;
			else if (strcmp(optarg, "mask") == 0)
				o->style = PANEL_REDACT_MASKED;
			else {
				fprintf(stderr,
				    "%s: option --style: '%s' is not number, "
				    "type or mask\n",
				    prog, optarg);
				return -1;
			}
			break;
		case 't':
			o->thread = 1;
			break;
		case 'w':
			if (panel_cli_number(
			        &o->wait, prog, "--wait", optarg, 0, 3600) < 0)
				return -1;
			break;
		default:
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

/* Refuses modes that do not go together, saying why. */
static int
check_modes(const struct opts *o, int nfiles)
{
	const char *why = NULL;

	if (o->meeting && o->check)
		why = "--meeting and --check do not go together";
	else if (o->meeting && nfiles > 0)
		why = "--meeting takes no file operands";
	else if (o->meeting && o->thread)
		why =
		    "--meeting keeps each item's numbering: --thread does not "
		    "apply";
	else if (!o->meeting && (o->no_commit || o->wait))
		why = "--no-commit and --wait need --meeting";
	if (why == NULL)
		return 0;
	fprintf(stderr, "%s: %s\n", prog, why);
	usage(stderr);
	return -1;
}

int
main(int argc, char **argv)
{
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_redact *r = NULL;
	struct panel_repo *repo = NULL;
	struct panel_buf summary = PANEL_BUF_INIT;
	struct opts o;
	size_t found = 0;
	int rc, status;

	panel_fs_umask();
	memset(&o, 0, sizeof(o));
	if ((rc = parse(&o, argc, argv)) != 0)
		return rc > 0 ? panel_cli_exit(prog, PANEL_EXIT_OK)
		              : PANEL_EXIT_USAGE;
	if (check_modes(&o, argc - optind) < 0)
		return PANEL_EXIT_USAGE;
	if (detector(&r, &repo, &o, &err) < 0)
		goto fail;
	if (o.meeting) {
		repo->no_commit = o.no_commit;
		if (panel_repo_lock(repo, (unsigned)o.wait, &err) < 0 ||
		    panel_correspond_redact(
		        &summary, repo, r, o.meeting, o.style, &err) < 0)
			goto fail;
		fputs(summary.buf, stdout);
		status = panel_cli_exit(prog, PANEL_EXIT_OK);
		goto done;
	}
	if (run_files(r, &o, argv + optind, (size_t)(argc - optind), &found,
	        &err) < 0)
		goto fail;
	status = panel_cli_exit(prog, found ? PANEL_EXIT_NO : PANEL_EXIT_OK);
	goto done;
fail:
	fflush(stdout);
	/* Before the message, so that it says what could not be put back. */
	panel_repo_rollback(repo, &err);
	status = panel_cli_fail(prog, &err);
done:
	panel_buf_release(&summary);
	panel_redact_free(r);
	panel_repo_free(repo);
	return status;
}
