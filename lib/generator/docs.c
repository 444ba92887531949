/* docs.c - the release's JSON documents, byte for byte (docs.h). */
#include "generator/docs.h"

#include <stdio.h>
#include <string.h>

#include "core/num.h"
#include "core/pyjson.h"

#define CHECKPOINT_REPO "anon-submission7979/spinefairbench-generator"
#define CHECKPOINT_FILE "spinefairbench_sd15_lora.safetensors"

static struct sfb_pyval *
str(struct sfb_pyjson *d, const char *s)
{
	return sfb_pyjson_string(d, s, strlen(s));
}

static void
set(struct sfb_pyjson *d, struct sfb_pyval *o, const char *k,
    struct sfb_pyval *v)
{
	sfb_pyjson_set(d, o, k, strlen(k), v);
}

static struct sfb_pyval *
real(struct sfb_pyjson *d, const struct sfb_gen_real *r)
{
	return r->is_int ? sfb_pyjson_int(d, r->i) : sfb_pyjson_float(d, r->v);
}

/* GeneratorConfig.to_dict() */
static struct sfb_pyval *
config_dict(struct sfb_pyjson *d, const struct sfb_gen_config *c)
{
	struct sfb_pyval *o = sfb_pyjson_object(d);

	set(d, o, "base_model", sfb_pyjson_string(d, c->base_model.p,
	    c->base_model.len));
	set(d, o, "lora_rank", sfb_pyjson_int(d, c->lora_rank));
	set(d, o, "lora_alpha", sfb_pyjson_int(d, c->lora_alpha));
	set(d, o, "inference_steps", sfb_pyjson_int(d, c->inference_steps));
	set(d, o, "guidance_scale", real(d, &c->guidance_scale));
	set(d, o, "strength", real(d, &c->strength));
	set(d, o, "seed", sfb_pyjson_int(d, c->seed));
	set(d, o, "image_size", sfb_pyjson_int(d, c->image_size));
	set(d, o, "tsxr_mask_blend", real(d, &c->tsxr_mask_blend));
	set(d, o, "checkpoint_path", c->has_checkpoint ? sfb_pyjson_string(d,
	    c->checkpoint_path.p, c->checkpoint_path.len) : sfb_pyjson_null(d));
	set(d, o, "device", sfb_pyjson_string(d, c->device.p, c->device.len));
	return o;
}

static struct sfb_pyval *
prompts_dict(struct sfb_pyjson *d)
{
	struct sfb_pyval *o = sfb_pyjson_object(d);
	size_t i;

	for (i = 0; i < SFB_GEN_NDEMO; i++)
		set(d, o, sfb_gen_prompts[i].demographic,
		    str(d, sfb_gen_prompts[i].prompt));
	return o;
}

static int
finish(struct sfb_pyjson *d, struct sfb_pyval *root, struct sfb_buf *out)
{
	int r = sfb_pyjson_dump(d, root, 2, out);

	if (r == 0)
		r = sfb_buf_putc(out, '\n');
	sfb_pyjson_free(d);
	return r;
}

int
sfb_gen_config_json(struct sfb_buf *out, const struct sfb_gen_config *c)
{
	struct sfb_pyjson *d = sfb_pyjson_new();

	if (d == NULL)
		return -1;
	return finish(d, config_dict(d, c), out);
}

int
sfb_gen_release_info(struct sfb_buf *out)
{
	struct sfb_pyjson *d = sfb_pyjson_new();
	struct sfb_gen_config c;
	struct sfb_pyval *o, *qc;

	if (d == NULL)
		return -1;
	if (sfb_gen_config_init(&c) < 0) {
		sfb_pyjson_free(d);
		return -1;
	}
	o = sfb_pyjson_object(d);
	qc = sfb_pyjson_object(d);
	/* QCThresholds.__dict__ */
	set(d, qc, "ssim_min", sfb_pyjson_float(d, 0.70));
	set(d, qc, "edge_preservation_min", sfb_pyjson_float(d, 0.276));
	set(d, qc, "lpips_max", sfb_pyjson_float(d, 0.40));
	set(d, qc, "edge_dilation_kernel", sfb_pyjson_int(d, 3));
	set(d, o, "status", str(d, "ok"));
	set(d, o, "config", config_dict(d, &c));
	set(d, o, "qc_thresholds", qc);
	set(d, o, "prompt_count", sfb_pyjson_int(d, SFB_GEN_NDEMO));
	set(d, o, "prompts", prompts_dict(d));
	set(d, o, "checkpoint_released", sfb_pyjson_bool(d, 1));
	set(d, o, "checkpoint_repo", str(d, CHECKPOINT_REPO));
	set(d, o, "recommended_checkpoint", str(d, CHECKPOINT_FILE));
	set(d, o, "recommended_checkpoint_sha256", str(d,
	    "21bbfa4ee50ff389c3a49edc9fa39f4e1f7c691fad85c34cbcce595f62b8d56c"));
	set(d, o, "recommended_checksum_manifest",
	    str(d, "SHA256SUMS.recommended.txt"));
	set(d, o, "optional_archival_checkpoint", str(d, "latest.pt"));
	set(d, o, "optional_archival_checkpoint_sha256", str(d,
	    "bc3f71631f07f3d0ca645808b0622f28da2c863b21622cab0ed65e8e44f329ff"));
	set(d, o, "training_code_released", sfb_pyjson_bool(d, 0));
	set(d, o, "raw_source_radiographs_released", sfb_pyjson_bool(d, 0));
	set(d, o, "standard_library_only", sfb_pyjson_bool(d, 1));
	sfb_gen_config_free(&c);
	return finish(d, o, out);
}

int
sfb_gen_dry_run_metadata(struct sfb_buf *out, long long seed,
    const char *device, size_t dn)
{
	struct sfb_pyjson *d = sfb_pyjson_new();
	struct sfb_gen_config c;
	struct sfb_pyval *o;

	if (d == NULL)
		return -1;
	if (sfb_gen_config_init(&c) < 0 ||
	    sfb_gen_config_set(&c.device, device, dn) < 0) {
		sfb_pyjson_free(d);
		return -1;
	}
	c.seed = seed;
	o = sfb_pyjson_object(d);
	set(d, o, "status", str(d, "dry_run_ok"));
	set(d, o, "source_filename", str(d, SFB_GEN_DRY_RUN_IMAGE));
	set(d, o, "seed", sfb_pyjson_int(d, seed));
	set(d, o, "config", config_dict(d, &c));
	set(d, o, "prompts", prompts_dict(d));
	set(d, o, "checkpoint_required_for_real_inference", sfb_pyjson_bool(d, 1));
	set(d, o, "checkpoint_released", sfb_pyjson_bool(d, 1));
	set(d, o, "checkpoint_repo", str(d, CHECKPOINT_REPO));
	set(d, o, "recommended_checkpoint", str(d, CHECKPOINT_FILE));
	set(d, o, "raw_source_radiographs_released", sfb_pyjson_bool(d, 0));
	set(d, o, "note", str(d, "Synthetic dry run only; no Stable Diffusion "
	    "inference executed."));
	sfb_gen_config_free(&c);
	return finish(d, o, out);
}

int
sfb_gen_output_name(struct sfb_buf *out, const struct sfb_gen_prompt *demo,
    const char *suffix)
{
	if (sfb_buf_puts(out, demo->demographic) < 0 ||
	    sfb_buf_puts(out, "_counterfactual") < 0)
		return -1;
	return sfb_buf_puts(out, suffix);
}

int
sfb_gen_real_write(struct sfb_buf *out, const struct sfb_gen_real *r)
{
	char num[SFB_NUM_MAX];

	if (r->is_int)
		return sfb_buf_put(out, num, (size_t)snprintf(num, sizeof num,
		    "%lld", r->i));
	return sfb_buf_put(out, num, sfb_num_repr(r->v, num));
}

/* One "key": value member of the flat metadata object. */
static int
key(struct sfb_buf *out, const char *k, int pretty, int *first)
{
	int r = sfb_buf_puts(out, *first ? (pretty ? "{\n  " : "{") :
	    (pretty ? ",\n  " : ", "));

	*first = 0;
	if (r == 0)
		r = sfb_json_str_encode(out, k, strlen(k), pretty);
	return r ? r : sfb_buf_puts(out, ": ");
}

int
sfb_gen_meta_write(struct sfb_buf *out, const struct sfb_gen_meta *m,
    int pretty)
{
	char num[32];
	int first = 1, a = pretty;
	struct sfb_buf name = { 0 };
	int r;

	/* The keys in sorted order, as sort_keys=True puts them. */
	r = key(out, "checkpoint_filename", a, &first) ||
	    (m->has_checkpoint_filename ? sfb_json_str_encode(out,
	    m->checkpoint_filename.p, m->checkpoint_filename.n, a) :
	    sfb_buf_puts(out, "null")) ||
	    key(out, "guidance_scale", a, &first) ||
	    sfb_gen_real_write(out, &m->c->guidance_scale) ||
	    key(out, "inference_steps", a, &first) ||
	    sfb_buf_put(out, num, (size_t)snprintf(num, sizeof num, "%lld",
	    m->c->inference_steps)) ||
	    key(out, "mask_applied", a, &first) ||
	    sfb_buf_puts(out, m->mask_applied ? "true" : "false") ||
	    key(out, "output_filename", a, &first) ||
	    sfb_gen_output_name(&name, m->demo, ".png") ||
	    sfb_json_str_encode(out, name.p, name.len, a) ||
	    key(out, "prompt", a, &first) ||
	    sfb_json_str_encode(out, m->demo->prompt, strlen(m->demo->prompt), a) ||
	    key(out, "seed", a, &first) ||
	    sfb_buf_put(out, num, (size_t)snprintf(num, sizeof num, "%lld",
	    m->seed)) ||
	    key(out, "source_filename", a, &first) ||
	    sfb_json_str_encode(out, m->source_filename.p, m->source_filename.n, a) ||
	    key(out, "strength", a, &first) ||
	    sfb_gen_real_write(out, &m->c->strength) ||
	    key(out, "target_demographic", a, &first) ||
	    sfb_json_str_encode(out, m->demo->demographic,
	    strlen(m->demo->demographic), a) ||
	    key(out, "tsxr_mask_blend", a, &first) ||
	    (m->mask_applied ? sfb_gen_real_write(out, &m->c->tsxr_mask_blend) :
	    sfb_buf_puts(out, "null")) ||
	    sfb_buf_puts(out, pretty ? "\n}\n" : "}") ? -1 : 0;
	sfb_buf_free(&name);
	return r;
}
