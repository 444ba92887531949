/* sfb-generate - the generator release without weights: the locked
 * prompts, the config, the dry run, the release information and job plans
 * for an external diffusion backend. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core/files.h"
#include "generator/config.h"
#include "generator/docs.h"
#include "generator/plan.h"
#include "generator/prompts.h"
#include "generator/pypath.h"
#include "generator/synthetic.h"

static const char usage_text[] =
    "sfb-generate --plan [--input IMG]... [--demographic D|all]...\n"
    "                    [--output DIR] [--checkpoint FILE] [--config FILE]\n"
    "                    [--seed N] [--device D] [--mask FILE]\n"
    "                    [--write-metadata] [-s KEY] [FILE...]\n"
    "       sfb-generate --dry-run [--output DIR] [--seed N] [--device D]\n"
    "       sfb-generate --release-info\n"
    "       sfb-generate --prompt D\n"
    "       sfb-generate --print-config [--config FILE]";

enum mode { NONE, PLAN, DRY_RUN, RELEASE_INFO, PROMPT, PRINT_CONFIG };

struct opts {
	enum mode mode;
	const char *output, *config, *device, *checkpoint, *mask, *prompt;
	const char *source_key;
	long long seed;
	int seed_set, write_metadata;
	char **inputs;
	int ninputs;
	const struct sfb_gen_prompt *demo[SFB_GEN_NDEMO];
	size_t ndemo;
};

/* Command-line bytes as the text Python's argparse sees, into b. */
static void
text(struct sfb_buf *b, const char *s)
{
	b->len = 0;
	if (sfb_pypath_decode(b, s, strlen(s)) < 0)
		sfb_oom();
}

static void
set_mode(struct opts *o, enum mode m)
{
	if (o->mode != NONE && o->mode != m)
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	o->mode = m;
}

static void
add_demographic(struct opts *o, const char *arg)
{
	struct sfb_buf t = { 0 }, msg = { 0 };
	const struct sfb_gen_prompt *d;
	size_t i;

	if (strcmp(arg, "all") == 0) {
		for (i = 0; i < SFB_GEN_NDEMO; i++)
			o->demo[i] = &sfb_gen_prompts[i];
		o->ndemo = SFB_GEN_NDEMO;
		return;
	}
	text(&t, arg);
	if ((d = sfb_gen_prompt_find(t.p, t.len)) == NULL) {
		if (sfb_gen_prompt_error(&msg, t.p, t.len) < 0)
			sfb_oom();
		sfb_die(SFB_EXIT_USAGE, "%.*s", (int)msg.len, msg.p);
	}
	sfb_buf_free(&t);
	for (i = 0; i < o->ndemo; i++)
		if (o->demo[i] == d)
			return;
	if (o->ndemo < SFB_GEN_NDEMO)
		o->demo[o->ndemo++] = d;
}

static void
load_config(struct sfb_gen_config *c, const char *path)
{
	struct sfb_buf warn = { 0 };
	struct sfb_err err = { 0 };
	size_t i, start;
	int r;

	if (sfb_gen_config_init(c) < 0)
		sfb_oom();
	if (path == NULL)
		return;
	r = sfb_gen_config_load(c, path, &warn, &err);
	/* The warnings of the lines read, also before an error. */
	for (i = start = 0; i < warn.len; i++)
		if (warn.p[i] == '\n') {
			fprintf(stderr, "%s: %.*s\n", sfb_prog, (int)(i - start),
			    warn.p + start);
			start = i + 1;
		}
	sfb_buf_free(&warn);
	if (r != 0)
		sfb_die_err(&err);
}

static void
put(const struct sfb_buf *b)
{
	if (sfb_out_write(&sfb_stdout, b->p, b->len) < 0)
		sfb_finish(SFB_EXIT_USAGE);
}

/* scripts/run_generator_smoke_test.py --dry-run */
static void
dry_run(const struct opts *o)
{
	const char *dir = o->output ? o->output :
	    "/tmp/spinefairbench_generator_smoke";
	struct sfb_buf dev = { 0 }, shown = { 0 }, png = { 0 }, meta = { 0 };
	struct sfb_buf path = { 0 }, line = { 0 };

	text(&dev, o->device ? o->device : "auto");
	text(&shown, dir);

	if (sfb_mkdir_p(dir) != 0)
		sfb_die(SFB_EXIT_USAGE, "%s: %s", dir, strerror(errno));
	if (sfb_gen_synthetic_png(&png) < 0 ||
	    sfb_gen_dry_run_metadata(&meta, o->seed_set ? o->seed : 42,
	    dev.p, dev.len) < 0 ||
	    sfb_pypath_join(&path, dir, strlen(dir), SFB_GEN_DRY_RUN_IMAGE,
	    strlen(SFB_GEN_DRY_RUN_IMAGE)) < 0 || sfb_buf_putc(&path, 0) < 0)
		sfb_oom();
	if (sfb_file_write(path.p, png.p, png.len) != 0)
		sfb_die(SFB_EXIT_USAGE, "%s: %s", path.p, strerror(errno));
	path.len = 0;
	if (sfb_pypath_join(&path, dir, strlen(dir), SFB_GEN_DRY_RUN_METADATA,
	    strlen(SFB_GEN_DRY_RUN_METADATA)) < 0 || sfb_buf_putc(&path, 0) < 0)
		sfb_oom();
	if (sfb_file_write(path.p, meta.p, meta.len) != 0)
		sfb_die(SFB_EXIT_USAGE, "%s: %s", path.p, strerror(errno));
	/* print(json.dumps({...}, sort_keys=True)) */
	path.len = 0;
	if (sfb_buf_puts(&line, "{\"metadata\": \"" SFB_GEN_DRY_RUN_METADATA
	    "\", \"output\": ") < 0 ||
	    sfb_pypath_norm(&path, shown.p, shown.len) < 0 ||
	    sfb_json_str_encode(&line, path.p, path.len, 1) < 0 ||
	    sfb_buf_puts(&line, ", \"status\": \"ok\"}\n") < 0)
		sfb_oom();
	put(&line);
	sfb_buf_free(&dev);
	sfb_buf_free(&shown);
	sfb_buf_free(&png);
	sfb_buf_free(&meta);
	sfb_buf_free(&path);
	sfb_buf_free(&line);
}

static void
plan(const struct opts *o, char **files, int nfiles)
{
	struct sfb_gen_plan_opts po;
	struct sfb_gen_config c;
	struct sfb_gen_plan *p;
	struct sfb_buf ck = { 0 }, dir = { 0 }, mask = { 0 }, t = { 0 };
	struct sfb_buf out = { 0 };
	struct sfb_err err = { 0 };
	int i;

	load_config(&c, o->config);
	memset(&po, 0, sizeof po);
	if (o->checkpoint) {
		/* str(args.checkpoint): the path as pathlib writes it */
		text(&ck, o->checkpoint);
		if (sfb_pypath_norm(&t, ck.p, ck.len) < 0 ||
		    sfb_gen_config_set(&c.checkpoint_path, t.p, t.len) < 0)
			sfb_oom();
		c.has_checkpoint = 1;
		po.checkpoint = ck.p;
		po.checkpoint_len = ck.len;
	}
	if (!c.has_checkpoint)
		sfb_die(SFB_EXIT_USAGE, "No LoRA checkpoint path configured. The "
		    "public benchmark release does not include generator weights; "
		    "provide a local Diffusers-compatible LoRA checkpoint with "
		    "--checkpoint.");
	/* `args.device or config.device` */
	if (o->device && *o->device) {
		text(&t, o->device);
		if (sfb_gen_config_set(&c.device, t.p, t.len) < 0)
			sfb_oom();
	}
	po.c = &c;
	po.seed = o->seed_set ? o->seed : c.seed;
	text(&dir, o->output ? o->output : ".");
	po.out_dir = dir.p;
	po.out_dir_len = dir.len;
	if (o->mask) {
		text(&mask, o->mask);
		po.mask = mask.p;
		po.mask_len = mask.len;
	}
	memcpy(po.demo, o->demo, sizeof po.demo);
	po.ndemo = o->ndemo;
	if (po.ndemo == 0) {
		/* infer.py's default */
		po.demo[0] = &sfb_gen_prompts[0];
		po.ndemo = 1;
	}
	po.source_key = o->source_key;
	po.write_metadata = o->write_metadata;
	po.check_files = 1;
	if ((p = sfb_gen_plan_new(&po)) == NULL)
		sfb_oom();
	for (i = 0; i < o->ninputs; i++) {
		text(&t, o->inputs[i]);
		out.len = 0;
		if (sfb_gen_plan_source(p, t.p, t.len, &out, &err) != 0)
			sfb_die_err(&err);
		put(&out);
	}
	if (o->ninputs == 0)
		sfb_run(files, nfiles, sfb_gen_plan_record, p);
	sfb_gen_plan_free(p);
	sfb_gen_config_free(&c);
	sfb_buf_free(&ck);
	sfb_buf_free(&dir);
	sfb_buf_free(&mask);
	sfb_buf_free(&t);
	sfb_buf_free(&out);
}

static void
simple(const struct opts *o)
{
	struct sfb_buf b = { 0 }, t = { 0 }, msg = { 0 };
	const struct sfb_gen_prompt *d;
	struct sfb_gen_config c;
	int r = 0;

	if (o->mode == RELEASE_INFO) {
		r = sfb_gen_release_info(&b);
	} else if (o->mode == PROMPT) {
		text(&t, o->prompt);
		if ((d = sfb_gen_prompt_find(t.p, t.len)) == NULL) {
			if (sfb_gen_prompt_error(&msg, t.p, t.len) < 0)
				sfb_oom();
			sfb_die(SFB_EXIT_USAGE, "%.*s", (int)msg.len, msg.p);
		}
		sfb_buf_free(&t);
		r = sfb_buf_puts(&b, d->prompt) | sfb_buf_putc(&b, '\n');
	} else {
		load_config(&c, o->config);
		r = sfb_gen_config_json(&b, &c);
		sfb_gen_config_free(&c);
	}
	if (r)
		sfb_oom();
	put(&b);
	sfb_buf_free(&b);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plan", no_argument, NULL, 'P' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "release-info", no_argument, NULL, 'R' },
		{ "prompt", required_argument, NULL, 'p' },
		{ "print-config", no_argument, NULL, 'C' },
		{ "input", required_argument, NULL, 'i' },
		{ "demographic", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "checkpoint", required_argument, NULL, 'k' },
		{ "config", required_argument, NULL, 'c' },
		{ "seed", required_argument, NULL, 'S' },
		{ "device", required_argument, NULL, 'v' },
		{ "mask", required_argument, NULL, 'm' },
		{ "write-metadata", no_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o;
	int c, plan_only = 0, with_input = 0;

	sfb_setup(argv);
	memset(&o, 0, sizeof o);
	o.source_key = "source_image";
	if ((o.inputs = calloc((size_t)argc, sizeof *o.inputs)) == NULL)
		sfb_oom();
	while ((c = getopt_long(argc, argv, "hs:", longopts, NULL)) != -1) {
		switch (c) {
		case 'P': set_mode(&o, PLAN); break;
		case 'D': set_mode(&o, DRY_RUN); break;
		case 'R': set_mode(&o, RELEASE_INFO); break;
		case 'p': set_mode(&o, PROMPT); o.prompt = optarg; break;
		case 'C': set_mode(&o, PRINT_CONFIG); break;
		case 'i': o.inputs[o.ninputs++] = optarg; with_input = 1; break;
		case 'd': add_demographic(&o, optarg); plan_only = 1; break;
		case 'o': o.output = optarg; break;
		case 'k': o.checkpoint = optarg; with_input = 1; break;
		case 'c': o.config = optarg; break;
		case 'S':
			o.seed = sfb_parse_int("--seed", optarg, LLONG_MIN,
			    LLONG_MAX);
			o.seed_set = 1;
			break;
		case 'v': o.device = optarg; break;
		case 'm': o.mask = optarg; with_input = 1; break;
		case 'W': o.write_metadata = 1; plan_only = 1; break;
		case 's': o.source_key = optarg; plan_only = 1; break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (o.mode == NONE && with_input)
		sfb_die(SFB_EXIT_USAGE, "inference needs a Stable Diffusion "
		    "backend and the LoRA weights, which sfb does not run; "
		    "--plan writes the jobs for one");
	if (o.mode == NONE || (o.mode != PLAN && (plan_only || with_input ||
	    optind != argc)) || (o.mode != PLAN && o.mode != DRY_RUN &&
	    (o.output || o.seed_set || o.device)) ||
	    (o.mode != PLAN && o.mode != PRINT_CONFIG && o.config))
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	if (o.mode == PLAN && o.ninputs && optind != argc)
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	if (o.mode == PLAN)
		plan(&o, argv + optind, argc - optind);
	else if (o.mode == DRY_RUN)
		dry_run(&o);
	else
		simple(&o);
	free(o.inputs);
	return sfb_finish(SFB_EXIT_OK);
}
