/* hfconfig.h - a Hugging Face config.json, read into an architecture. */
#ifndef GPUPLAN_HFCONFIG_H
#define GPUPLAN_HFCONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "error.h"
#include "format.h"
#include "model.h"

#define HF_MAX_NOTES 16
#define HF_NOTE_LEN 192
#define HF_PATH_LEN 1024

/* What an import learned beyond the architecture itself. */
struct hf_import {
	char path[HF_PATH_LEN];		/* the config read */
	char model_type[48];
	bool nested;			/* fields came from text_config */

	/* quantization_config: the format the checkpoint ships in. */
	char quant_method[32];		/* "" when the config has none */
	const char *quant_from;		/* where it is declared: config.json's
					 * "quantization_config" or
					 * "hf_quant_config.json" */
	double quant_bits;		/* bits per weight of its main rule,
					 * scales included */
	uint32_t quant_group;		/* their group size, 0 unknown */
	bool has_weights;		/* weights below is a suggestion */
	enum weight_format weights;

	/* model.safetensors.index.json beside the config. */
	char index_path[HF_PATH_LEN];	/* "" when there is none */
	uint64_t checkpoint_bytes;	/* its metadata.total_size */

	/* Multi-token-prediction layers: in the checkpoint, not served. */
	uint32_t mtp_layers;
	uint64_t mtp_params;

	/* Recurrent (linear-attention, Mamba2) layers and their fixed state. */
	uint32_t linear_layers;
	uint64_t linear_state_bytes;	/* per layer per sequence, 0 unknown */

	/* Everything the import had to assume, in words. */
	int n_notes;
	char notes[HF_MAX_NOTES][HF_NOTE_LEN];
};

/* read_attention's fields, handed to a family's layer rule. */
struct hf_layer_fields {
	uint32_t pattern;		/* sliding_window_pattern */
	uint32_t interval;		/* no_rope_layer_interval */
	uint32_t full_every;		/* full_attention_interval */
};

enum hf_match {
	HF_EXACT,			/* model_type is the name */
	HF_PREFIX,			/* model_type starts with it */
};

/* What one model family does beyond the generic field rules, from
 * transformers' configuration_*.py. The table is in hfconfig.c. */
struct hf_family {
	const char *model_type;
	enum hf_match match;
	uint32_t norms_per_layer;	/* 0: two, before attention and MLP */
	bool qk_norm;
	bool attn_sinks;
	bool attn_gate;			/* q_proj gates each head's output */
	bool expert_bias;
	bool router_bias;
	bool tied_default;		/* tie_word_embeddings when absent */
	uint32_t default_vocab;		/* vocab_size when absent, 0 none */
	const char *config_class;	/* where default_vocab comes from */
	bool shared_like_routed;	/* one shared expert, routed width */
	bool dense_beside_moe;		/* MoE layers keep the dense MLP too */
	bool ffn_ungated;		/* MLPs of up and down only */
	bool block_list;		/* layers_block_type can give the layers */
	bool own_mtp;			/* MTP layers not DeepSeek's: uncounted */
	bool mtp_shares_embed;		/* MTP layers use the model's embedding
					 * and head, not copies (Qwen3-Next) */
	bool qkv_bias;			/* q, k, v biases, always (Qwen2) */
	bool qk_norm_field;		/* use_qk_norm says whether q/k norms
					 * have weights (GLM-4.5) */

	/* Per-layer attention when there is no layer_types and no MLA:
	 * 1 when it filled m->attn, 0 to leave it to the generic rules
	 * (it may adjust f), -1 on error. */
	int (*layers)(const cJSON *c, struct hf_layer_fields *f,
		      struct model *m, struct hf_import *info,
		      struct gp_error *err);
};

/* The family of a model_type: an exact name first, then the longest
 * listed prefix (qwen3_next before qwen3); NULL when none applies. */
const struct hf_family *hfconfig_family(const char *model_type);

/* Fills the architecture fields of m from a parsed config (a nested
 * text_config wins). Field-name variants are those of
 * doc/planning-model.md section 2. On error, err names the field and the reason. info may be
 * NULL; otherwise it is cleared and filled. */
int hfconfig_to_model(const cJSON *config, struct model *m,
		      struct gp_error *err);
int hfconfig_read(const cJSON *config, struct model *m, struct hf_import *info,
		  struct gp_error *err);
/* The same, file naming the config in the notes. A quantization_config
 * sets m's checkpoint bits (m->quant); one that cannot be used is no
 * error: a note and m->quant_note name the file and the field, and
 * the weights are left to --weights. */
int hfconfig_read_file(const cJSON *config, const char *file, struct model *m,
		       struct hf_import *info, struct gp_error *err);

/* A ModelOpt hf_quant_config.json (read from path), which wins over
 * config.json's quantization_config: quantization.quant_algo and
 * exclude_modules (fnmatch patterns kept at 16 bits). doc NULL: the
 * file did not parse, for the reason parse_error. */
void hfconfig_modelopt(const cJSON *doc, const char *path, const char *parse_error,
		       struct model *m, struct hf_import *info);

/* An imported checkpoint's format once its quantization configs are
 * read: the weight format its bits read as, or -1 without one. */
void hfconfig_settle_format(struct model *m, const struct hf_import *info);

/* A parsed model.safetensors.index.json (read from path): its
 * metadata.total_size is the checkpoint's exact tensor bytes. Without
 * one, a note says so; that is not an error. info may be NULL. */
void hfconfig_index(const cJSON *index, const char *path, struct model *m,
		    struct hf_import *info);

#endif
