#include "pack.h"

#include <string.h>

#include "contacts.h"
#include "doc.h"
#include "draw.h"
#include "fs.h"
#include "record.h"

#include "banned.h"

/*
 * The questions the Stafford panel's review of 101 calls used (2018),
 * offered when the panel has set no questionnaire of its own.
 */
static const char *const call_questions[] = {
    "Was the correct greeting given?",
    "Was the caller listened to appropriately?",
    "Was the caller positively acknowledged throughout the call?",
    "Did the handler show empathy, understanding and support throughout "
    "the call?",
    "Was any silence explained to the caller?",
    "Did the handler inform the caller what would happen next?",
    "Did the handler make sure the caller understood the outcome and "
    "repeat or recap any information if needed?",
    NULL,
};

static const char *const stratum_titles[] = {
    "Calls to 101", "Calls to 999", "Emails", "Web forms", "App messages"};

struct pack {
	struct panel_buf *out;
	enum panel_pack_format f;
	struct panel_repo *repo;
	const struct panel_doc *sample;
	const struct panel_node *cur; /* the stratum being written */
};

/* Appends s escaped for the format; in a Markdown table cell, | too. */
static void
text(struct pack *p, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (p->f == PANEL_PACK_HTML) {
			switch (*s) {
			case '&':
				panel_buf_addstr(p->out, "&amp;");
				continue;
			case '<':
				panel_buf_addstr(p->out, "&lt;");
				continue;
			case '>':
				panel_buf_addstr(p->out, "&gt;");
				continue;
			case '"':
				panel_buf_addstr(p->out, "&quot;");
				continue;
			case '\'':
				panel_buf_addstr(p->out, "&#39;");
				continue;
			}
		} else if (strchr("\\`*_[]<>|#", *s) != NULL) {
			panel_buf_addch(p->out, '\\');
		}
		panel_buf_addch(p->out, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
}

static void
heading(struct pack *p, int level, const char *a, const char *b)
{
	if (p->f == PANEL_PACK_HTML) {
		panel_buf_addf(p->out, "<h%d>", level);
		text(p, a);
		text(p, b);
		panel_buf_addf(p->out, "</h%d>\n", level);
		return;
	}
	panel_buf_addf(p->out, "\n%.*s ", level, "###");
	text(p, a);
	text(p, b);
	panel_buf_addstr(p->out, "\n\n");
}

/* One paragraph or list item made of label and value pairs. */
static void
line(struct pack *p, int item, const char *const parts[])
{
	size_t i;

	panel_buf_addstr(p->out, p->f == PANEL_PACK_HTML
	                             ? (item ? "<li>" : "<p>")
	                             : (item ? "- " : ""));
	for (i = 0; parts[i] != NULL; i++)
		text(p, parts[i]);
	panel_buf_addstr(p->out, p->f == PANEL_PACK_HTML
	                             ? (item ? "</li>\n" : "</p>\n")
	                             : (item ? "\n" : "\n\n"));
}

static void
list(struct pack *p, int open)
{
	if (p->f == PANEL_PACK_HTML)
		panel_buf_addstr(p->out, open ? "<ul>\n" : "</ul>\n");
	else if (!open)
		panel_buf_addch(p->out, '\n');
}

static void
row(struct pack *p, const char *const cells[], int head)
{
	size_t i;

	if (p->f == PANEL_PACK_HTML) {
		panel_buf_addstr(p->out, "<tr>");
		for (i = 0; cells[i] != NULL; i++) {
			panel_buf_addstr(p->out, head ? "<th>" : "<td>");
			text(p, cells[i]);
			panel_buf_addstr(p->out, head ? "</th>" : "</td>");
		}
		panel_buf_addstr(p->out, "</tr>\n");
		return;
	}
	panel_buf_addch(p->out, '|');
	for (i = 0; cells[i] != NULL; i++) {
		panel_buf_addch(p->out, ' ');
		text(p, cells[i]);
		panel_buf_addstr(p->out, " |");
	}
	panel_buf_addch(p->out, '\n');
	if (head) {
		panel_buf_addch(p->out, '|');
		for (i = 0; cells[i] != NULL; i++)
			panel_buf_addstr(p->out, " --- |");
		panel_buf_addch(p->out, '\n');
	}
}

/* The members who declared an interest in id, as "GF: text; ...". */
static void
declared(struct panel_buf *out, const struct panel_doc *sample, const char *id)
{
	const struct panel_node *c = panel_node_get(sample->root, "conflicts");
	const char *item;
	size_t i;

	for (i = 0; c != NULL && c->kind == PANEL_NODE_SEQ && i < c->n; i++) {
		item = panel_node_get_str(c->items[i], "item");
		if (item == NULL || strcmp(item, id) != 0)
			continue;
		panel_buf_addf(out, "%s%s (absent for this item)",
		    out->len ? "; " : "",
		    panel_node_get_str(c->items[i], "member"));
	}
}

static int
item_row(const struct panel_node *stratum, const struct panel_node *item,
    int replacement, void *ctx)
{
	struct pack *p = ctx;
	struct panel_buf where = PANEL_BUF_INIT, decl = PANEL_BUF_INIT;
	const char *id = panel_node_get_str(item, "id");
	const char *rec = panel_node_get_str(item, "recording");
	const char *src = panel_node_get_str(stratum, "source");
	const char *cells[9];

	if (stratum != p->cur)
		return 0;
	if (rec != NULL)
		panel_buf_addf(&where, "recording %s", rec);
	else
		panel_buf_addf(&where, "message %s", id ? id : "");
	if (src != NULL)
		panel_buf_addf(&where, " in %s", src);
	declared(&decl, p->sample, id ? id : "");
	cells[0] = panel_node_get_str(item, "position");
	cells[1] = replacement ? "reserve" : "sample";
	cells[2] = id;
	cells[3] = panel_node_get_str(item, "date");
	cells[4] = panel_node_get_str(item, "time");
	cells[5] = panel_node_get_str(item, "area");
	cells[6] = where.buf;
	cells[7] = decl.buf;
	cells[8] = NULL;
	for (int i = 0; i < 8; i++)
		if (cells[i] == NULL)
			cells[i] = "";
	row(p, cells, 0);
	panel_buf_release(&where);
	panel_buf_release(&decl);
	return 0;
}

/* The questionnaire for a stratum: the panel's, else the default. */
static void
questionnaire(struct pack *p, int calls)
{
	const char *kind = calls ? "calls" : "correspondence";
	struct panel_buf path = PANEL_BUF_INIT;
	size_t i;

	panel_buf_addf(&path, "rubrics/%s.yaml", kind);
	if (panel_fs_exists(p->repo->root, path.buf)) {
		line(p, 0,
		    (const char *const[]){"Questionnaire: ", path.buf, NULL});
	} else if (calls) {
		line(p, 0,
		    (const char *const[]){"Questionnaire (", path.buf,
		        " is not set; these are the Stafford review's "
		        "questions):",
		        NULL});
		list(p, 1);
		for (i = 0; call_questions[i] != NULL; i++)
			line(p, 1,
			    (const char *const[]){call_questions[i], NULL});
		list(p, 0);
	} else {
		line(p, 0,
		    (const char *const[]){
		        "Questionnaire: none set (", path.buf, ")", NULL});
	}
	panel_buf_release(&path);
}

static void
stratum(struct pack *p, const struct panel_node *s)
{
	static const char *const head[] = {"Position", "Drawn as", "Contact",
	    "Date", "Time", "Area", "Where", "Declarations", NULL};
	const char *name = panel_node_get_str(s, "name");
	int k = name ? panel_stratum_index(name) : -1;

	heading(p, 2, k >= 0 ? stratum_titles[k] : name, "");
	questionnaire(p, k == 0 || k == 1);
	if (p->f == PANEL_PACK_HTML)
		panel_buf_addstr(p->out, "<table>\n");
	row(p, head, 1);
	p->cur = s;
	panel_draw_each(p->sample, item_row, p);
	if (p->f == PANEL_PACK_HTML)
		panel_buf_addstr(p->out, "</table>\n");
}

static void
changes(struct pack *p)
{
	const struct panel_node *subs =
	    panel_node_get(p->sample->root, "substitutions");
	const struct panel_node *c =
	    panel_node_get(p->sample->root, "conflicts");
	const struct panel_node *n;
	size_t i;

	heading(p, 2, "Substitutions", "");
	list(p, 1);
	for (i = 0; subs && subs->kind == PANEL_NODE_SEQ && i < subs->n; i++) {
		n = subs->items[i];
		line(p, 1,
		    (const char *const[]){panel_node_get_str(n, "item"),
		        " replaced by ", panel_node_get_str(n, "replacement"),
		        ": ", panel_node_get_str(n, "reason"), NULL});
	}
	list(p, 0);
	heading(p, 2, "Declarations of interest", "");
	list(p, 1);
	for (i = 0; c && c->kind == PANEL_NODE_SEQ && i < c->n; i++) {
		n = c->items[i];
		line(p, 1,
		    (const char *const[]){panel_node_get_str(n, "member"),
		        " in ", panel_node_get_str(n, "item"), ": ",
		        panel_node_get_str(n, "interest"), NULL});
	}
	list(p, 0);
}

int
panel_pack_write(struct panel_buf *out, struct panel_repo *repo,
    const char *meeting, enum panel_pack_format format, struct panel_err *err)
{
	struct panel_buf path = PANEL_BUF_INIT;
	struct panel_doc *doc = NULL;
	const struct panel_node *strata;
	struct pack p = {out, format, repo, NULL, NULL};
	size_t i;
	int rc;

	if ((rc = panel_repo_check_date("meeting", meeting, err)) < 0)
		return rc;
	panel_draw_path(&path, meeting);
	if (!panel_fs_exists(repo->root, path.buf))
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "no sample has been drawn for %s", meeting);
	if (rc == 0)
		rc = panel_record_load(&doc, repo->root, path.buf, err);
	if (rc == 0 &&
	    (doc->root == NULL || panel_draw_each(doc, NULL, NULL) != 0))
		rc = panel_err_set(err, PANEL_EINPUT, path.buf, 0, 0,
		    "sample is not consistent: run panel-sample verify");
	if (rc < 0)
		goto done;
	p.sample = doc;
	if (format == PANEL_PACK_HTML)
		panel_buf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n"
		                      "<head><meta charset=\"utf-8\"><title>"
		                      "Members' pack</title></head>\n<body>\n");
	heading(&p, 1, "Members' pack for the meeting of ", meeting);
	line(&p, 0,
	    (const char *const[]){"Sample drawn by ",
	        panel_node_get_str(doc->root, "algorithm"), " with seed ",
	        panel_node_get_str(doc->root, "seed"),
	        "; anyone can check it with panel-sample verify.", NULL});
	strata = panel_node_get(doc->root, "strata");
	for (i = 0; strata && strata->kind == PANEL_NODE_SEQ && i < strata->n;
	     i++)
		stratum(&p, strata->items[i]);
	changes(&p);
	if (format == PANEL_PACK_HTML)
		panel_buf_addstr(out, "</body>\n</html>\n");
done:
	panel_doc_free(doc);
	panel_buf_release(&path);
	return rc;
}
