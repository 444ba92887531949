# lib.sh - what the reviewer pipelines share; sourced by examples/*.sh.
#
# Each script is one command of the reference's reviewer_verify.py and
# prints the same lines.  A failed check prints the reference's message on
# standard error and exits 1 (fail); a usage error exits 2; input too broken
# to check (where the reference itself would crash) exits 2 as well.
# Programs are found on PATH: after `make`, PATH="$PWD/bin:$PATH".

set -eu -o pipefail
export LC_ALL=C

PROG=${0##*/}
MODELS=(gpt-5.4 claude-sonnet-4-6 claude-opus-4-6 glm-4.6v kimi-k2.5
	gemma-4 llama-4-scout qwen2.5-vl radfm)
PANELS=artifacts/Results/final_inputs/panels
ANALYSIS=artifacts/Results/analysis
SUMMARY=$ANALYSIS/common_core_1000_summary.json

# Options (parse_args sets them; a script lists the ones it takes in OPTIONS).
ARTIFACTS=./artifacts
CODE_ROOT=.
MODEL=
RECOMPUTE_CI=
ITERATIONS=10000
SEED=42
ARCHIVE_VARIANT=anonymous
OUT=
SCORE=
ARGS=()

usage() {
	if [ "$1" -eq 0 ]; then
		printf 'usage: %s %s\n' "$PROG" "$USAGE"
	else
		printf 'usage: %s %s\n' "$PROG" "$USAGE" >&2
	fi
	exit "$1"
}

usage_error() {
	printf '%s: %s\n' "$PROG" "$1" >&2
	usage 2
}

# A failed check: the reference's message, exit status 1.
fail() {
	printf '%s\n' "$1" >&2
	exit 1
}

# Python's int() of an option value, for the few that take a number.
int_arg() {
	[[ $2 =~ ^[+-]?[0-9]+$ ]] || usage_error "$1: invalid int value: '$2'"
	printf '%d\n' "$((10#${2#[+-]}))" | sed "s/^/${2%%[0-9]*}/; s/^+//"
}

parse_args() {
	local opt value
	while [ $# -gt 0 ]; do
		case $1 in
		-h | --help) usage 0 ;;
		--*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
		--) shift; ARGS+=("$@"); break ;;
		--*) opt=${1#--} ;;
		-?*) usage_error "unknown option: $1" ;;
		*) ARGS+=("$1"); shift; continue ;;
		esac
		[[ " $OPTIONS " == *" $opt "* ]] || usage_error "unknown option: $1"
		if [ "$opt" = recompute-ci ]; then
			RECOMPUTE_CI=1
			shift
			continue
		fi
		[ $# -ge 2 ] || usage_error "$1 needs a value"
		case $opt in
		artifacts) ARTIFACTS=$2 ;;
		code-root) CODE_ROOT=$2 ;;
		model) MODEL=$2 ;;
		archive-variant) ARCHIVE_VARIANT=$2 ;;
		bootstrap-iterations) ITERATIONS=$(int_arg "$1" "$2") ;;
		seed) SEED=$(int_arg "$1" "$2") ;;
		out) OUT=$2 ;;
		score) SCORE=$2 ;;
		expect-*)
			value=$(int_arg "$1" "$2")
			printf -v "OPT_${opt//-/_}" '%s' "$value" ;;
		esac
		shift 2
	done
	# Python's Path.resolve(): absolute, links resolved, need not exist.
	ROOT=$(realpath -m -- "$ARTIFACTS")
	CODE=$(realpath -m -- "$CODE_ROOT")
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/sfb-check.XXXXXX")
	trap 'wait; rm -rf "$TMP"' EXIT
}

# The analysis views (pictures.sh, report.sh): the NDJSON files under
# OUT/data/ and the pictures in OUT/ (each as .svg and .png), and their
# options.
VIEW_DATA=(counts primary frozen by-edit flips flips-recs secondary paired per-pathology score)
VIEW_PICTURES=(primary by-edit flips flips-recs per-pathology secondary)
views_args() {
	USAGE='--out DIR [--artifacts DIR] [--score SCORE_JSON] [--bootstrap-iterations N] [--seed S]'
	OPTIONS='artifacts out score bootstrap-iterations seed'
	parse_args "$@"
	[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
	[ -n "$OUT" ] || usage_error "--out DIR is required"
	[ -z "$SCORE" ] || [ -f "$SCORE" ] || usage_error "--score: no such file: $SCORE"
}

# A model name from the retained panels, as the reference's argparse
# choices (ALL also accepts "all").
check_model() {
	local m
	for m in "${MODELS[@]}" ${2:+all}; do
		[ "$1" = "$m" ] && return 0
	done
	usage_error "--model: invalid choice: '$1'"
}

# The path of a required file under the artifact root (or, with kind "code
# file", under the code root), or the reference's failure.
need() {
	local base=$ROOT kind=${2:-artifact}
	[ "$kind" = artifact ] || base=$CODE
	[ -e "$base/$1" ] || fail "Missing required $kind: $1"
	printf '%s\n' "$base/$1"
}

# jq with the helpers below, raw output; broken JSON exits 2.
JQLIB='
def fail(msg): (msg + "\n") | halt_error(1);
def hex2: "0123456789abcdef" as $h | $h[(./16|floor):(./16|floor)+1] + $h[(.%16):(.%16)+1];
def pyquote:
	(if (index("\u0027") != null) and (index("\"") == null) then 34 else 39 end) as $q
	| [$q] + ([explode[] | if . == 92 then [92, 92] elif . == $q then [92, $q]
		elif . == 10 then [92, 110] elif . == 13 then [92, 114] elif . == 9 then [92, 116]
		elif . < 32 or . == 127 then [92, 120] + (hex2 | explode)
		else [.] end] | add) + [$q] | implode;
def pyrepr:
	if type == "string" then pyquote
	elif type == "array" then "[" + (map(pyrepr) | join(", ")) + "]"
	elif type == "object" then "{" + ([to_entries[] | (.key | pyquote) + ": " + (.value | pyrepr)] | join(", ")) + "}"
	elif . == null then "None" elif . == true then "True" elif . == false then "False"
	else tostring end;
def pystr: if type == "string" then . else pyrepr end;
def truthy: . != null and . != false and . != 0 and . != "" and . != [] and . != {};
'
jqr() {
	local st=0
	jq -r "$JQLIB$1" "${@:2}" || st=$?
	[ "$st" -eq 0 ] && return 0
	[ "$st" -eq 1 ] && exit 1
	exit 2
}

# A command that a check will need later can be started early, in the
# background: early NAME CMD... runs it with its output, messages and exit
# status kept, and take NAME CMD... gives them back (or runs CMD now if it
# was not started); take runs in the shell that started NAME, not in a
# command substitution.  jq takes some 30 ms to start, so the few jq runs
# whose files are known at the start need not wait in line.
declare -A EARLY=()
early() {
	local name=$1
	shift
	run_early "$name" "$@" &
	EARLY[$name]=$!
}

# What early runs in the background: CMD's output, messages and status
# kept under NAME.
run_early() {
	local name=$1
	shift
	if ("$@") >"$TMP/early.$name.out" 2>"$TMP/early.$name.err"; then
		echo 0
	else
		echo $?
	fi >"$TMP/early.$name.status"
}

take() {
	local name=$1
	shift
	if [ -z "${EARLY[$name]:-}" ]; then
		"$@"
		return
	fi
	[ "${EARLY[$name]}" = taken ] || wait "${EARLY[$name]}" || true
	EARLY[$name]=taken
	[ ! -s "$TMP/early.$name.err" ] || cat "$TMP/early.$name.err" >&2
	cat "$TMP/early.$name.out"
	return "$(<"$TMP/early.$name.status")"
}

# The model list of a panel's manifest, one per line.
panel_models() {
	jqr '.models | arrays | .[] | tostring' "$ROOT/$PANELS/$1/panel_manifest.json"
}

# The panel that holds a model, in PANEL, and its evaluation_results.json,
# in EVAL: the first of the full and baseline panels whose manifest lists
# it.  Each panel's files are checked and its model list read once.
declare -A PANEL_MODELS=()
find_panel() {
	local panel f known=
	for panel in full_pipeline_retained baseline_only_retained; do
		f=$PANELS/$panel/panel_manifest.json
		PANEL=$panel
		EVAL=$ROOT/$PANELS/$panel/evaluation_results.json
		if [ -z "${PANEL_MODELS[$panel]+set}" ]; then
			need "$f" >/dev/null
			need "$PANELS/$panel/pairs.json" >/dev/null
			need "$PANELS/$panel/evaluation_results.json" >/dev/null
			take "models.$panel" panel_models "$panel" >"$TMP/models"
			PANEL_MODELS[$panel]=$(<"$TMP/models")
		fi
		[[ $'\n'${PANEL_MODELS[$panel]}$'\n' != *$'\n'"$1"$'\n'* ]] || return 0
		known+=${PANEL_MODELS[$panel]:+${PANEL_MODELS[$panel]}$'\n'}
	done
	fail "Model '$1' is not in the retained full or baseline panels. Available models: $(
		printf '%s' "$known" | sort -u | awk '{ s = s (NR > 1 ? ", " : "") $0 } END { print s }')"
}

# The scoring stages after pairing: refusal classes, diagnostic labels,
# recommendation buckets, then the per-pair endpoint values (score_end:
# sfb-jaccard, which takes the arguments; a script that needs more text
# stages runs them there).  A leading -j N sets the text stages' threads.
score() {
	local jobs=()
	if [ "${1-}" = -j ]; then
		jobs=(-j "$2")
		shift 2
	fi
	sfb-refusal "${jobs[@]}" | sfb-extract-labels "${jobs[@]}" |
		sfb-rec-bucket "${jobs[@]}" | score_end "$@"
}

score_end() {
	sfb-jaccard "$@"
}

# Scoring a whole panel at once is much faster than model by model: its
# evaluation_results.json is read once, both panels run side by side, and
# each model is summarized as soon as its records are complete.
# prefetch_panels starts that in the background, writing to
# $TMP/scored/PANEL/ each model's records (MODEL, without the report texts,
# which nothing reads after scoring), its tallies (MODEL.tally) and with
# --recompute-ci its bootstrap bounds (MODEL.boot), and PANEL.ok when all
# went well; if anything fails, score_model takes the reference's
# model-by-model path, so that the failing model and its message are the
# reference's.
declare -A PREFETCH=()
prefetch_panels() {
	local panel eval dir
	for panel in full_pipeline_retained baseline_only_retained; do
		early "models.$panel" panel_models "$panel"
		eval=$ROOT/$PANELS/$panel/evaluation_results.json
		[ -f "$eval" ] || continue
		dir=$TMP/scored/$panel
		mkdir -p "$dir"
		# Both panels run side by side, so a thread per stage is
		# enough to keep the processors busy.
		{
			sfb-pair "$eval" |
				score -j 1 -x source_report -x counterfactual_report |
				split_models "$dir" | summarize_models "$dir" &&
				touch "$dir.ok"
		} 2>/dev/null &
		PREFETCH[$panel]=$!
	done
}

# Write the scored records of each model of MODELS to DIR/MODEL and print
# the model's name once its file is complete: sfb-pair sorts by model.  A
# record that does not start with a plain model name fails.
split_models() {
	awk -v dir="$1" -v models=" ${MODELS[*]} " '
	function done() {
		if (out != "") {
			close(out)
			print m
			fflush()
		}
	}
	head == "" || substr($0, 1, length(head)) != head {
		if (!match($0, /^\{"model": *"[^"\\]*"/)) {
			bad = 1
			exit 1
		}
		done()
		head = m = substr($0, 1, RLENGTH)
		gsub(/^\{"model": *"|"$/, "", m)
		out = index(models, " " m " ") ? dir "/" m : ""
	}
	out != "" { print >out }
	END { if (!bad) done() }'
}

# Summarize the models of DIR named on standard input, each as soon as it
# comes, all at once.
summarize_models() {
	local m
	while read -r m; do
		summarize_model "$1/$m" &
	done
	wait
}

# The tallies (and with --recompute-ci the bootstrap bounds) of the scored
# records in FILE, to FILE.tally and FILE.boot; a file is written only when
# its command succeeded.
summarize_model() {
	local t b
	t=$(tally <"$1") && echo "$t" >"$1.tally"
	[ -z "$RECOMPUTE_CI" ] ||
		b=$(sfb-cluster-boot -n "$ITERATIONS" -s "$SEED" "$1" | ci_bounds) &&
		echo "$b" >"$1.boot"
}

# The lean form of prefetch_panels for the checks that read only each
# model's tallies, and with --recompute-ci its bootstrap bounds, not its
# records (table2): each panel is scored by sfb-endpoints (the four stages
# in one pass) down to the members the tallies and the bootstrap read,
# tallied for all its models by one awk as they come, then bootstrapped
# for all its models by one sfb-cluster-boot --by model; the same files as
# prefetch_panels's but the records, so score_model, tally_model and
# boot_model take them as they are, with the same fallback.
prefetch_tallies() {
	local panel eval dir
	for panel in full_pipeline_retained baseline_only_retained; do
		[ -n "${EARLY[models.$panel]:-}" ] || early "models.$panel" panel_models "$panel"
		eval=$ROOT/$PANELS/$panel/evaluation_results.json
		[ -f "$eval" ] || continue
		dir=$TMP/scored/$panel
		mkdir -p "$dir"
		{ tally_panel "$eval" "$dir" && touch "$dir.ok"; } 2>/dev/null &
		PREFETCH[$panel]=$!
	done
}

tally_panel() {
	sfb-pair "$1" |
		sfb-endpoints -j 1 -x source_report -x counterfactual_report -x pair_id -x edit_label \
			-x source_diagnostic_labels -x counterfactual_diagnostic_labels \
			-x source_recommendations -x counterfactual_recommendations |
		tee "$2.scored" | tally_models "$2" || return 1
	[ -z "$RECOMPUTE_CI" ] ||
		sfb-cluster-boot --by model -n "$ITERATIONS" -s "$SEED" "$2.scored" | boot_models "$2"
}

# The bounds of each group of sfb-cluster-boot --by model (ci_bounds's
# line) to DIR/MODEL.boot, for the models of MODELS.
boot_models() {
	bounds_awk "$1"
}

# The tallies of model M's scored records in $PAIRS, in TALLIES: from the
# background when there.
tally_model() {
	local f=$TMP/scored/$PANEL/$1.tally
	if [ -e "$TMP/scored/$PANEL.ok" ] && [ -e "$f" ]; then
		TALLIES=$(<"$f")
	else
		TALLIES=$(tally <"$PAIRS")
	fi
}

# The bootstrap bounds of model M's scored records in $PAIRS: "rec_lo
# rec_hi diag_lo diag_hi", from the background when there.
boot_model() {
	local f=$TMP/scored/$PANEL/$1.boot
	if [ -e "$TMP/scored/$PANEL.ok" ] && [ -e "$f" ]; then
		echo "$(<"$f")"
	else
		sfb-cluster-boot -n "$ITERATIONS" -s "$SEED" "$PAIRS" | ci_bounds
	fi
}

# Score model M's retained reports: PAIRS is then a file of its scored pair
# records (SPEC 2.1) in pair_id order, full refusals with usable false,
# without the report texts (jq cannot read every text Python's json
# accepts, and nothing reads them after scoring); empty when the panel has no
# rows for it.  A retained-report fault found by sfb-pair fails with the
# reference's message.
score_model() {
	local st=0
	find_panel "$1"
	PAIRS=$TMP/pairs
	if [ -n "${PREFETCH[$PANEL]:-}" ]; then
		[ "${PREFETCH[$PANEL]}" = done ] || wait "${PREFETCH[$PANEL]}" || true
		PREFETCH[$PANEL]=done
		if [ -e "$TMP/scored/$PANEL.ok" ]; then
			if [ -e "$TMP/scored/$PANEL/$1" ]; then
				PAIRS=$TMP/scored/$PANEL/$1
			else
				: >"$PAIRS"
			fi
			return 0
		fi
	fi
	sfb-pair --model "$1" "$EVAL" 2>"$TMP/pair.err" |
		score -x source_report -x counterfactual_report >"$PAIRS" || st=$?
	pair_fault "$1" || return 0
	return "$st"
}

# After sfb-pair --model M ran on $EVAL with its messages in
# $TMP/pair.err: fail with the reference's message of a retained-report
# fault; no rows for M is no fault, but returns 1 (nothing was paired).
pair_fault() {
	local msg
	[ -s "$TMP/pair.err" ] || return 0
	msg=$(head -n 1 "$TMP/pair.err")
	msg=${msg#"sfb-pair: "}
	msg=${msg#"$EVAL:"}
	[[ $msg =~ ^([0-9]+:)?\ (.*) ]] && msg=${BASH_REMATCH[2]}
	[ "$msg" != "No report rows for model $1" ] || return 1
	fail "$msg"
}

# The "lower upper" bounds of each sfb-cluster-boot summary line, all on
# one line.
ci_bounds() {
	bounds_awk
}

# The awk of both: with DIR, one line per group to DIR/GROUP.boot.
bounds_awk() {
	awk -v dir="${1-}" -v models=" ${MODELS[*]} " '
	dir != "" {
		if (!match($0, /^\{"group": "[^"\\]*"/)) {
			bad = 1
			exit 1
		}
		g = substr($0, 12, RLENGTH - 12)
	}
	{
		match($0, /"lower": *[^,}]*/)
		lo = substr($0, RSTART, RLENGTH)
		match($0, /"upper": *[^,}]*/)
		hi = substr($0, RSTART, RLENGTH)
		sub(/^[^:]*: */, "", lo)
		sub(/^[^:]*: */, "", hi)
		s[g] = (g in s) ? s[g] " " lo " " hi : lo " " hi
	}
	END {
		if (bad)
			exit 1
		if (dir == "")
			print s[""]
		for (g in s)
			if (dir != "" && index(models, " " g " "))
				print s[g] >(dir "/" g ".boot")
	}'
}

# Per-model endpoint tallies from scored pair records, one line:
#   usable full partial matches rec_changed_sum rec_jaccard_sum diag_sum both_empty
# Sums are plain sequential double sums in pair_id order (Python's sum()),
# printed with 17 significant digits so they read back exactly.  sfb-jaccard
# adds its four members, last and in this order, to the usable records only:
# recommendation_changed, recommendation_jaccard,
# diagnostic_label_consistency, diagnostic_labels_both_empty.  A raw
# "key": cannot occur inside a JSON string, so members are found by their
# text ("partial_refusal" first: a cheap test that most records fail).
tally() {
	tally_awk
}

# tally for every model of MODELS at once, from the scored records of a
# whole panel (sfb-pair's, sorted by model), each model's line to
# DIR/MODEL.tally; nothing is written, and the status is 1, when a record
# does not start with a plain model name.
tally_models() {
	tally_awk "$1"
}

# The awk of both: per model with DIR, else one line for all the records.
# A model's running counts and sums are kept in plain variables while its
# records come one after another (sfb-pair sorts by model), so each sum
# stays the sequential sum of its model's values in record order.
tally_awk() {
	awk -v dir="${1-}" -v models=" ${MODELS[*]} " '
	function save() {
		N[k] = n; FULL[k] = full; PARTIAL[k] = partial; MATCHES[k] = matches
		CHANGED[k] = changed; RECJ[k] = recj; DIAG[k] = diag; EMPTY[k] = empty
	}
	dir != "" && (hl == 0 || substr($0, 1, hl) != head) {
		if (!match($0, /^\{"model": *"[^"\\]*"/)) {
			bad = 1
			exit 1
		}
		if (hl)
			save()
		head = substr($0, 1, RLENGTH)
		hl = RLENGTH
		k = head
		gsub(/^\{"model": *"|"$/, "", k)
		seen[k] = 1
		n = N[k]; full = FULL[k]; partial = PARTIAL[k]; matches = MATCHES[k]
		changed = CHANGED[k]; recj = RECJ[k]; diag = DIAG[k]; empty = EMPTY[k]
	}
	{
		i = index($0, ", \"recommendation_changed\": ")
		if (!i) {	# usable is false: sfb-jaccard added nothing
			full++
			next
		}
		n++
		if (index($0, "partial_refusal") &&
		    (index($0, "\"source_response_class\": \"partial_refusal\"") ||
		    index($0, "\"counterfactual_response_class\": \"partial_refusal\"")))
			partial++
		# v[2] to v[5]: the four values, each followed by the next key
		split(substr($0, i), v, "\": ")
		ch = v[2] + 0
		matches += ch == 0
		changed += ch
		recj += v[3]
		diag += v[4]
		empty += v[5] == "true}"
	}
	END {
		if (bad)
			exit 1
		save()
		if (dir == "")
			seen[""] = 1
		for (k in seen) {
			line = sprintf("%d %d %d %d %.17g %.17g %.17g %d", N[k], FULL[k],
			    PARTIAL[k], MATCHES[k], CHANGED[k], RECJ[k], DIAG[k], EMPTY[k])
			if (dir == "")
				print line
			else if (index(models, " " k " "))
				print line >(dir "/" k ".tally")
		}
	}'
}

# Python repr() of a string.
pyquote() { jq -rn --arg s "$1" "$JQLIB"'$s | pyquote'; }

# BASE/NAME for a portable release-relative NAME, refusing what the
# reference's _contained_path refuses: empty, "\", ":", absolute, ".."
# or "." components, "//" or a trailing "/", or an escape through links.
safe_path() {
	local base=$1 name=$2
	if [ -z "$name" ] || [ "$name" != . ] && [[ $name == *\\* || $name == *:* || $name == /* ||
		$name =~ (^|/)\.\.?(/|$) || $name == *//* || $name == */ ]]; then
		fail "Invalid release-relative path: $(pyquote "$name")"
	fi
	case $(realpath -m -- "$base/$name")/ in
	"$(realpath -m -- "$base")"/*) ;;
	*) fail "Release path escapes its root: $(pyquote "$name")" ;;
	esac
	printf '%s\n' "$base/$name"
}

sha256() { sha256sum <"$1" | cut -c1-64; }

# --- The provenance checks (hallucination-provenance.sh,
# recovered-scoring.sh): hashes pinned in the reference's order, paths as
# Python prints them, and the receipt written as json.dumps(indent=2). ---

# str(Path(p)): "." components and repeated or trailing slashes dropped.
pypath() {
	local lead= parts c out=() IFS
	case $1 in //[!/]* | //) lead=// ;; /*) lead=/ ;; esac
	IFS=/ read -r -a parts <<<"$1"
	for c in "${parts[@]}"; do
		[ -z "$c" ] || [ "$c" = . ] || out+=("$c")
	done
	IFS=/
	c=$lead${out[*]}
	printf '%s\n' "${c:-.}"
}

# str(Path(root) / rel).
pyjoin() {
	case $1 in
	.) printf '%s\n' "$2" ;;
	*/) printf '%s\n' "$1$2" ;;
	*) printf '%s/%s\n' "$1" "$2" ;;
	esac
}

# Why Python's open() of FILE for reading fails, as "Class: str(error)",
# or nothing when it would open.
open_error() {
	local f=$1 d e
	if [ -d "$f" ]; then
		e='IsADirectoryError: [Errno 21] Is a directory'
	elif [ -e "$f" ]; then
		[ ! -r "$f" ] || return 0
		e='PermissionError: [Errno 13] Permission denied'
	else
		e='FileNotFoundError: [Errno 2] No such file or directory'
		d=$f
		while [ "$d" != "$(dirname -- "$d")" ]; do
			d=$(dirname -- "$d")
			if [ -e "$d" ]; then
				[ -d "$d" ] || e='NotADirectoryError: [Errno 20] Not a directory'
				break
			fi
		done
	fi
	printf '%s: %s\n' "$e" "$(pyquote "$f")"
}

# The pinned SHA-256 of each NAME in PIN[NAME]: from the pins file $PINS
# (sha256sum's format, names as the reference writes them) when given, else
# the "HEX NAME" lines on standard input.  A pins file must list each NAME
# once and nothing else.
declare -A PIN=()
read_pins() {
	local line n=0 name hex
	if [ -z "${PINS-}" ]; then
		while read -r hex name; do PIN[$name]=$hex; done
		return 0
	fi
	cat >/dev/null
	[ -r "$PINS" ] && [ -f "$PINS" ] || usage_error "--pins: cannot read '$PINS'"
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		line=${line%$'\r'}
		[[ $line =~ ^[[:space:]]*$ ]] && continue
		[[ $line =~ ^([0-9a-fA-F]{64})\ [\ *](.+)$ ]] ||
			usage_error "--pins: $PINS:$n: malformed line"
		hex=${BASH_REMATCH[1],,}
		name=${BASH_REMATCH[2]}
		[[ " ${PIN_NAMES[*]} " == *" $name "* ]] ||
			usage_error "--pins: $PINS:$n: not a file this check pins: $name"
		[ -z "${PIN[$name]+set}" ] || usage_error "--pins: $PINS:$n: $name pinned twice"
		PIN[$name]=$hex
	done <"$PINS"
	for name in "${PIN_NAMES[@]}"; do
		[ -n "${PIN[$name]+set}" ] || usage_error "--pins: $PINS: no pin for $name"
	done
}

# Hash ROOT/NAME for each NAME (all at once), then in order: the first that
# cannot be read, or whose hash is not PIN[NAME], is the failure, printed
# as "Class: message" with MSG (e.g. "SHA-256 mismatch") for a mismatch.
# ROOT is the path as given (Python prints it so).
verify_pins() {
	local root=$1 msg=$2 name f i=0 e
	shift 2
	for name; do
		f=$(pyjoin "$root" "$name")
		[ -n "$(open_error "$f")" ] || sha256 "$f" >"$TMP/sha.$i" &
		i=$((i + 1))
	done
	wait
	i=0
	for name; do
		f=$(pyjoin "$root" "$name")
		e=$(open_error "$f")
		[ -z "$e" ] || { printf '%s\n' "$e"; return 1; }
		[ "$(<"$TMP/sha.$i")" = "${PIN[$name]}" ] ||
			{ printf 'ValueError: %s: %s\n' "$msg" "$name"; return 1; }
		i=$((i + 1))
	done
}

# The artifact root as the reference takes it: DIR, or DIR/artifacts when
# only that holds Results/.
inner_root() {
	local a
	a=$(pypath "$1")
	if [ ! -d "$a/Results" ] && [ -d "$a/artifacts/Results" ]; then
		a=$(pyjoin "$a" artifacts)
	fi
	printf '%s\n' "$a"
}

# A panel's report rows without their texts, for jq: each row with its
# response class (cls) and diagnostic labels (labels), response dropped.
panel_rows() {
	sfb-rows "$1" | sfb-refusal -j 1 -f response -k cls |
		sfb-extract-labels -j 1 -f response -k labels |
		sfb-jaccard -a labels -b labels -k _ -x response
}

# Python's json.dumps of a jq-built document: jq -a --indent 2 writes the
# same layout and escapes; a float, which jq built as the string
# "@@F<jq's shortest digits>@@", becomes Python's repr of it.
pyfloats() {
	awk '
	function repr(s,   neg, m, e, i, d, n, dp) {
		neg = sub(/^-/, "", s)
		e = 0
		if ((i = index(s, "e")) > 0) {
			e = substr(s, i + 1) + 0
			s = substr(s, 1, i - 1)
		}
		dp = index(s, ".")
		if (dp > 0) {
			d = substr(s, 1, dp - 1) substr(s, dp + 1)
			dp = dp - 1
		} else {
			d = s
			dp = length(s)
		}
		dp += e
		while (length(d) > 1 && substr(d, 1, 1) == "0") {
			d = substr(d, 2)
			dp--
		}
		sub(/0+$/, "", d)
		if (d == "" || d == "0")
			return (neg ? "-" : "") "0.0"
		n = length(d)
		if (dp <= -4 || dp > 16) {
			m = substr(d, 1, 1) (n > 1 ? "." substr(d, 2) : "")
			e = dp - 1
			return (neg ? "-" : "") m "e" (e < 0 ? "-" : "+") \
			    (e < 0 ? (-e < 10 ? "0" : "") (-e) : (e < 10 ? "0" : "") e)
		}
		if (dp <= 0)
			m = "0." sprintf("%*s", -dp, "") d
		else if (dp >= n)
			m = d sprintf("%*s", dp - n, "") ".0"
		else
			m = substr(d, 1, dp) "." substr(d, dp + 1)
		gsub(/ /, "0", m)
		return (neg ? "-" : "") m
	}
	{
		while (match($0, /"@@F[^@"]*@@"/))
			$0 = substr($0, 1, RSTART - 1) repr(substr($0, RSTART + 4, RLENGTH - 7)) \
			    substr($0, RSTART + RLENGTH)
		print
	}'
}

# jq helpers of both checks: errors as the reference raises them, the
# historical annotation order, lexical scores and math.fsum.
JQPROV='
def raise(cls; msg): error({cls: cls, msg: msg});
def keyerror(k): raise("KeyError"; k | pyrepr);
def get(k): if type == "object" and has(k) then .[k] else keyerror(k) end;
def F: "@@F" + tostring + "@@";
def cats: ["Osteophytes", "Foraminal stenosis", "Disc space narrowing",
	"Spondylolisthesis", "Surgical implant", "Vertebral collapse",
	"Other lesions", "No finding", "Posterior osteophyte",
	"Endplate sclerosis", "Schmorl\u0027s node", "Disc calcification",
	"Fracture"];
def key: if type == "string" then . else tojson end;
# The unmatched share of a report'"'"'s labels (No finding aside) in G.
def lexical($labels; $g): ($labels - ["No finding"]) as $p
	| if ($p | length) == 0 then 0 else (($p - $g) | length) / ($p | length) end;
def absdiff($a; $b): ($a - $b) | if . < 0 then -. else . end;
# math.fsum: Shewchuk partials, then the correctly rounded total.
def fsum_partials: reduce .[] as $v ([];
		. as $p | reduce $p[] as $y0 ({x: $v, out: []};
			(if (.x | fabs) < ($y0 | fabs) then [$y0, .x] else [.x, $y0] end) as [$x, $y]
			| ($x + $y) as $hi | ($y - ($hi - $x)) as $lo
			| {x: $hi, out: (if $lo != 0 then .out + [$lo] else .out end)})
		| if .x != 0 then .out + [.x] else .out end)
	| . as $p
	| if length == 0 then 0
	else {hi: $p[-1], n: (length - 1), lo: 0, stop: false}
		| until(.stop or .n == 0;
			.hi as $x | $p[.n - 1] as $y | .n -= 1
			| .hi = $x + $y | .lo = $y - (.hi - $x) | .stop = (.lo != 0))
		| if .n > 0 and ((.lo < 0 and $p[.n - 1] < 0) or (.lo > 0 and $p[.n - 1] > 0))
		then (.lo * 2) as $y | (.hi + $y) as $x
			| if ($x - .hi) == $y then $x else .hi end
		else .hi end
	end;
# math.fsum, fast when every value is 0 or in [2^-8, 1] (the differences
# of two shares k/n with n <= 12 are): each value times 2^60 is then an
# integer below 2^61, whose two 30-bit halves sum exactly; the total is
# rounded once.  Other values take the partials.
def fsum: if all(.[]; . == 0 or (. >= 0.00390625 and . <= 1)) then
		reduce .[] as $x ([0, 0]; ($x * 1152921504606846976) as $n
			| ($n / 1073741824 | floor) as $hi
			| [.[0] + $hi, .[1] + ($n - $hi * 1073741824)])
		| (.[1] / 1073741824 | floor) as $c
		| ((.[0] + $c) * 1073741824 + (.[1] - $c * 1073741824)) / 1152921504606846976
	else fsum_partials end;
def mean: if length == 0 then raise("ZeroDivisionError"; "float division by zero")
	else fsum / length end;
def counts: group_by(.) | map({key: .[0], value: length}) | from_entries;
def run(f): try f catch (if type == "object" and has("cls") then {sfb_error: .}
	else {sfb_error: {cls: "ValueError", msg: tostring}} end);
'

# {"s": {name: hex}, "a": {name: hex}} of the pins, names in the order of
# the arrays named S and A (the names are fixed ASCII paths).
pins_json() {
	local -n s=$1 a=$2
	local n sep=
	printf '{"s": {'
	for n in "${s[@]}"; do printf '%s"%s": "%s"' "$sep" "$n" "${PIN[$n]}"; sep=', '; done
	printf '}, "a": {'
	sep=
	for n in "${a[@]}"; do printf '%s"%s": "%s"' "$sep" "$n" "${PIN[$n]}"; sep=', '; done
	printf '}}\n'
}

# The options of a provenance check: --artifacts (required), --code-root,
# --SRC (the recorded source root, default CODE_ROOT/DEFAULT), --output
# and --pins; sets SOURCE_ROOT, OUTPUT and PINS.
parse_provenance_args() {
	local src=$1 default=$2 have= args=()
	shift 2
	SOURCE_ROOT= OUTPUT= PINS=
	while [ $# -gt 0 ]; do
		case $1 in
		--"$src"=* | --output=* | --pins=*)
			set -- "${1%%=*}" "${1#*=}" "${@:2}"
			continue ;;
		--"$src" | --output | --pins)
			[ $# -ge 2 ] || usage_error "$1 needs a value"
			case $1 in
			--output) OUTPUT=$2 ;;
			--pins) PINS=$2 ;;
			*) SOURCE_ROOT=$2 ;;
			esac
			shift 2 ;;
		--artifacts | --artifacts=*) have=1; args+=("$1"); shift ;;
		--) args+=("$@"); break ;;
		*) args+=("$1"); shift ;;
		esac
	done
	parse_args ${args[@]+"${args[@]}"}
	[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
	[ -n "$have" ] || usage_error "the following arguments are required: --artifacts"
	[ -n "$SOURCE_ROOT" ] || SOURCE_ROOT=$(pyjoin "$(pypath "$CODE_ROOT")" "$default")
}

# Write the receipt FILE to $OUTPUT when asked, or print why Python could
# not ("Class: message") and return 1.
write_output() {
	local out e
	[ -n "$OUTPUT" ] || return 0
	out=$(pypath "$OUTPUT")
	if [ -d "$out" ] || ! cp "$1" "$out" 2>/dev/null; then
		e=$(open_error "$out")
		printf '%s\n' "${e:-"PermissionError: [Errno 13] Permission denied: $(pyquote "$out")"}"
		return 1
	fi
}

# Both panels' rows for jq (panel_rows) in $TMP/rows.PANEL, side by side;
# a pipeline that fails is a ValueError with its first message.
panels_rows() {
	local panel
	for panel in full_pipeline_retained baseline_only_retained; do
		panel_rows "$1/Results/final_inputs/panels/$panel/evaluation_results.json" \
			>"$TMP/rows.$panel" 2>"$TMP/err.$panel" &
	done
	for panel in full_pipeline_retained baseline_only_retained; do
		wait -n || { printf 'ValueError: %s\n' "$(cat "$TMP"/err.* | head -n 1)"; return 1; }
	done
}

# The receipt jq built in $TMP/doc, as Python writes it, in $TMP/out (and
# in $OUTPUT); or the error jq met ("Class: message") and status 1.
receipt() {
	if [ "$(sed -n 2p "$TMP/doc")" = '  "sfb_error": {' ]; then
		jq -r '.sfb_error | "\(.cls): \(.msg)"' "$TMP/doc"
		return 1
	fi
	pyfloats <"$TMP/doc" >"$TMP/out"
	write_output "$TMP/out"
}
