/*
 * panel-log: the history of a case repository's records, newest first, in
 * words rather than git's: when (UTC), who, and what the command changed.
 * The listing is built in memory and written at the end, so that a failed
 * walk prints no half-made JSON.
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "err.h"
#include "fs.h"
#include "git.h"
#include "repo.h"
#include "banned.h"

static const char *prog = "panel-log";

enum format { TEXT, TSV, JSON };

struct walk {
	enum format format;
	long long max, seen;
	struct panel_buf out;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s [-h] [-C dir] [-n number] "
	    "[--format text|tsv|json] [path]\n",
	    prog);
}

/* Adds s on one line: tabs, newlines and control bytes as spaces. */
static void
add_flat(struct panel_buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		panel_buf_addch(out,
		    (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i]);
}

static void
add_json(
    struct panel_buf *out, const char *key, const char *s, size_t n, int last)
{
	unsigned char c;
	size_t i;

	panel_buf_addf(out, "\"%s\": \"", key);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			panel_buf_addf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			panel_buf_addf(out, "\\u%04x", c);
		else
			panel_buf_addch(out, c);
	}
	panel_buf_addstr(out, last ? "\"" : "\", ");
}

/* The length of "panel-NAME" at the start of summary, 0 if none. */
static size_t
command_len(const char *sum)
{
	const char *colon = strstr(sum, ": ");

	if (strncmp(sum, "panel-", 6) != 0 || colon == NULL ||
	    memchr(sum, ' ', (size_t)(colon - sum)) != NULL)
		return 0;
	return (size_t)(colon - sum);
}

static int
show(const struct panel_git_commit *c, void *ctx)
{
	struct walk *w = ctx;
	struct panel_buf *out = &w->out;
	size_t cmd = command_len(c->summary);
	const char *change = c->summary + (cmd ? cmd + 2 : 0);
	time_t t = (time_t)c->time;
	char date[32];
	struct tm tm;

	if (w->seen >= w->max)
		return 1;
	w->seen++;
	gmtime_r(&t, &tm);
	if (w->format == TEXT) {
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
		panel_buf_addf(out, "%s  ", date);
		add_flat(out, c->author, strlen(c->author));
		panel_buf_addstr(out, "  ");
		add_flat(out, c->summary, strlen(c->summary));
		panel_buf_addch(out, '\n');
		return 0;
	}
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (w->format == TSV) {
		panel_buf_addf(out, "%s\t%s\t", c->id, date);
		add_flat(out, c->author, strlen(c->author));
		panel_buf_addch(out, '\t');
		add_flat(out, c->email, strlen(c->email));
		panel_buf_addch(out, '\t');
		add_flat(out, c->summary, cmd);
		panel_buf_addch(out, '\t');
		add_flat(out, change, strlen(change));
		panel_buf_addch(out, '\n');
		return 0;
	}
	panel_buf_addstr(out, w->seen > 1 ? ",\n  {" : "\n  {");
	add_json(out, "commit", c->id, strlen(c->id), 0);
	add_json(out, "date", date, strlen(date), 0);
	add_json(out, "author", c->author, strlen(c->author), 0);
	add_json(out, "email", c->email, strlen(c->email), 0);
	add_json(out, "command", c->summary, cmd, 0);
	add_json(out, "change", change, strlen(change), 1);
	panel_buf_addch(out, '}');
	return 0;
}

/*
 * The path operand, relative to the repository root: "./" and trailing
 * slashes dropped, "" for "." (everything); NULL if it is not safe.
 */
static const char *
clean_path(struct panel_buf *out, const char *arg, struct panel_err *err)
{
	while (strncmp(arg, "./", 2) == 0)
		arg += 2;
	panel_buf_addstr(out, arg);
	while (out->len > 1 && out->buf[out->len - 1] == '/')
		panel_buf_setlen(out, out->len - 1);
	if (out->len == 0 || strcmp(out->buf, ".") == 0)
		return "";
	if (panel_fs_check_path(out->buf, err) < 0)
		return NULL;
	return out->buf;
}

static int
parse_format(enum format *out, const char *arg)
{
	static const char *const names[] = {"text", "tsv", "json"};
	size_t i;

	for (i = 0; i < 3; i++)
		if (strcmp(arg, names[i]) == 0) {
			*out = (enum format)i;
			return 0;
		}
	fprintf(stderr, "%s: option --format: '%s' is not text, tsv or json\n",
	    prog, arg);
	return -1;
}

/* Lists the history of path ("" for all) into w->out. */
static int
walk(struct walk *w, struct panel_repo *repo, const char *path,
    struct panel_err *err)
{
	char head[PANEL_OID_HEX + 1];
	int rc;

	if (repo->git == NULL)
		return panel_err_set(err, PANEL_EINPUT, repo->root, 0, 0,
		    "not a git repository, so there is no history");
	if (w->format == TSV)
		panel_buf_addstr(
		    &w->out, "commit\tdate\tauthor\temail\tcommand\tchange\n");
	if (w->format == JSON)
		panel_buf_addch(&w->out, '[');
	/* A repository made with --no-commit has no history yet. */
	if ((rc = panel_git_head(head, repo->git, err)) < 0)
		return rc;
	if (head[0] != '\0' && (rc = panel_git_log(repo->git,
	                            path[0] ? path : NULL, show, w, err)) < 0)
		return rc;
	if (w->format == JSON)
		panel_buf_addstr(&w->out, w->seen > 0 ? "\n]\n" : "]\n");
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct panel_err err = PANEL_ERR_INIT;
	struct panel_buf pathbuf = PANEL_BUF_INIT;
	struct panel_repo *repo = NULL;
	struct walk w = {TEXT, 1000000000, 0, PANEL_BUF_INIT};
	const char *dir = NULL, *path = "";
	int c, status;

	panel_fs_umask();
	while ((c = getopt_long(argc, argv, "C:hn:", longopts, NULL)) != -1) {
		switch (c) {
		case 'C':
			dir = optarg;
			break;
		case 'f':
			if (parse_format(&w.format, optarg) < 0)
				return PANEL_EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return panel_cli_exit(prog, PANEL_EXIT_OK);
		case 'n':
			if (panel_cli_number(
			        &w.max, prog, "-n", optarg, 1, 1000000000) < 0)
				return PANEL_EXIT_USAGE;
			break;
		default:
			usage(stderr);
			return PANEL_EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "%s: too many operands: give one path\n", prog);
		usage(stderr);
		return PANEL_EXIT_USAGE;
	}
	if (optind < argc &&
	    (path = clean_path(&pathbuf, argv[optind], &err)) == NULL)
		goto fail;
	if (panel_repo_find(&repo, dir, &err) < 0 ||
	    walk(&w, repo, path, &err) < 0)
		goto fail;
	fwrite(w.out.buf, 1, w.out.len, stdout);
	status = panel_cli_exit(prog, PANEL_EXIT_OK);
	goto done;
fail:
	status = panel_cli_fail(prog, &err);
done:
	panel_repo_free(repo);
	panel_buf_release(&w.out);
	panel_buf_release(&pathbuf);
	return status;
}
