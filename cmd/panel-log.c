/*
 * panel-log: the history of a case repository's records, newest first, in
 * words rather than git's: when (UTC), who, and what the command changed.
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "banned.h"
#include "buf.h"
#include "cli.h"
#include "err.h"
#include "fs.h"
#include "git.h"
#include "repo.h"

static const char *prog = "panel-log";

enum format { TEXT, TSV, JSON };

struct walk {
	enum format format;
	long long max, seen;
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: %s [-h] [-C dir] [-n number] "
	    "[--format text|tsv|json] [path]\n",
	    prog);
}

/* Writes s on one line: tabs, newlines and control bytes as spaces. */
static void
put_tsv(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		putchar(
		    (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i]);
}

static void
put_json(const char *key, const char *s, size_t n, int last)
{
	size_t i;
	unsigned char c;

	printf("\"%s\": \"", key);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	printf("\"%s", last ? "" : ", ");
}

static int
show(const struct panel_git_commit *c, void *ctx)
{
	struct walk *w = ctx;
	const char *sum = c->summary, *colon = strstr(sum, ": ");
	size_t cmdlen = 0;
	time_t t = (time_t)c->time;
	char date[32];
	struct tm tm;

	if (w->seen++ >= w->max)
		return 1;
	if (strncmp(sum, "panel-", 6) == 0 && colon != NULL &&
	    memchr(sum, ' ', (size_t)(colon - sum)) == NULL)
		cmdlen = (size_t)(colon - sum);
	gmtime_r(&t, &tm);
	if (w->format == TEXT) {
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
		printf("%s  ", date);
		put_tsv(c->author, strlen(c->author));
		printf("  ");
		put_tsv(sum, strlen(sum));
		putchar('\n');
		return 0;
	}
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (w->format == TSV) {
		printf("%s\t%s\t", c->id, date);
		put_tsv(c->author, strlen(c->author));
		putchar('\t');
		put_tsv(c->email, strlen(c->email));
		putchar('\t');
		put_tsv(sum, cmdlen);
		putchar('\t');
		put_tsv(sum + (cmdlen ? cmdlen + 2 : 0),
		    strlen(sum + (cmdlen ? cmdlen + 2 : 0)));
		putchar('\n');
		return 0;
	}
	printf("%s{", w->seen > 1 ? ",\n  " : "\n  ");
	put_json("commit", c->id, strlen(c->id), 0);
	put_json("date", date, strlen(date), 0);
	put_json("author", c->author, strlen(c->author), 0);
	put_json("email", c->email, strlen(c->email), 0);
	put_json("command", sum, cmdlen, 0);
	sum += cmdlen ? cmdlen + 2 : 0;
	put_json("change", sum, strlen(sum), 1);
	putchar('}');
	return 0;
}

/*
 * The path operand, relative to the repository root: "./" and trailing
 * slashes dropped, "." for everything; NULL after a message if unsafe.
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
	struct walk w = {TEXT, 1000000000, 0};
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
	if (panel_repo_find(&repo, dir, &err) < 0)
		goto fail;
	if (repo->git == NULL) {
		panel_err_set(&err, PANEL_EINPUT, repo->root, 0, 0,
		    "not a git repository, so there is no history");
		goto fail;
	}
	if (w.format == TSV)
		printf("commit\tdate\tauthor\temail\tcommand\tchange\n");
	if (w.format == JSON)
		putchar('[');
	if (panel_git_log(repo->git, path[0] ? path : NULL, show, &w, &err) < 0)
		goto fail;
	if (w.format == JSON)
		printf("%s]\n", w.seen > 0 ? "\n" : "");
	status = panel_cli_exit(prog, PANEL_EXIT_OK);
	goto done;
fail:
	status = panel_cli_fail(prog, &err);
done:
	panel_repo_free(repo);
	panel_buf_release(&pathbuf);
	return status;
}
