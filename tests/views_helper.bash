# views_helper.bash - what tests/pictures.bats and tests/report.bats share.

# The notes PROG (pictures.sh or report.sh) writes on standard error for
# the views whose programs are not on PATH.
expected_notes() {
	local sec=
	command -v sfb-severity >/dev/null && command -v sfb-hedging >/dev/null &&
		command -v sfb-truth >/dev/null && command -v sfb-hallucination >/dev/null && sec=1
	[ -n "$sec" ] ||
		echo "$1: secondary endpoints left out: sfb-severity, sfb-hedging, sfb-truth or sfb-hallucination not on PATH"
	command -v sfb-flips >/dev/null ||
		echo "$1: label flips left out: sfb-flips not on PATH"
	command -v sfb-paired-test >/dev/null && [ -n "$sec" ] ||
		echo "$1: paired tests left out: sfb-paired-test or the secondary stages not on PATH"
}
