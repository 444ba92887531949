# forest.gp - a forest plot: one row per model, one panel per endpoint,
# a point and its 95% interval per series (recomputed, frozen, an edit
# label...).  Drawn by examples/pictures.sh from the programs' NDJSON; run
#   gnuplot -c forest.gp OUT TERM ROWS SERIES TITLE PREFIX NPANELS TITLES
# OUT       output file, written with terminal TERM (svg or png)
# ROWS      the row labels (models), space-separated, top to bottom
# SERIES    the series names, space-separated, in legend order
# PREFIX    panel P's data are in PREFIX.P.tsv, its labels in PREFIX.P.gp
# TITLES    the panels' titles, separated by |
# PREFIX.P.tsv  tab-separated: row index, series index, point, lower, upper
#           (an empty point or interval is left out)
# PREFIX.P.gp   gnuplot commands that write each row's numbers to the right of
#           the panel: set label "0.694 [0.678, 0.710]" at graph 1.02,
#           first ROW + offset(SERIES) left tc rgb colour(SERIES)
# The palette is Okabe-Ito, the font DejaVu Sans.

out = ARG1
term = ARG2
rows = ARG3
series = ARG4
title = ARG5
prefix = ARG6
npanels = ARG7 + 0
titles = ARG8
nrows = words(rows)
nseries = words(series)

colour(s) = word("#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #F0E442 #000000", s + 1)
marker(s) = s == 0 ? 7 : s == 1 ? 4 : s == 2 ? 9 : s == 3 ? 13 : 11
decade(x) = 10 ** floor(log10(x))
nice(x) = decade(x) * (x / decade(x) < 1.5 ? 1 : x / decade(x) < 3.5 ? 2 : x / decade(x) < 7.5 ? 5 : 10)
offset(s) = nseries == 1 ? 0 : (s - (nseries - 1) / 2.0) * 0.7 / nseries

width = (npanels > 2 ? 520 : 600) * npanels + 40
height = 110 + nrows * (22 + 15 * nseries)
if (term eq "svg") {
	set terminal svg size width, height font "DejaVu Sans,12" noenhanced background "#ffffff"
} else {
	set terminal pngcairo size width, height font "DejaVu Sans,11" noenhanced background "#ffffff"
}
set output out
set datafile separator "\t"
set datafile missing ""

set multiplot layout 1, npanels title title font "DejaVu Sans,14"
set yrange [nrows - 0.5 : -0.5]
set ytics scale 0
set grid xtics lc rgb "#dddddd" lw 1
set border 3 lc rgb "#555555"
set xtics nomirror out
set key outside bottom center horizontal samplen 1 font "DejaVu Sans,11"
set bars 0.6
set offsets graph 0.04, graph 0.04, 0, 0
do for [p = 1:npanels] {
	data = sprintf("%s.%d.tsv", prefix, p)
	i = strstrt(titles, "|")
	ptitle = i ? titles[1:i - 1] : titles
	titles = i ? titles[i + 1:] : ""
	unset label
	load sprintf("%s.%d.gp", prefix, p)
	set rmargin 22
	set title ptitle font "DejaVu Sans,12"
	if (p == 1) {
				set ytics ()
		do for [r = 1:nrows] {
			set ytics add (word(rows, r) r - 1)
		}
	} else {
		set lmargin 3
		unset ytics
	}
	set xrange [0<*:*<1]
	set autoscale xfix
	# A few ticks (fewer on narrower panels) of a round step, from the spread of the points
	# (the intervals around them are usually of the same order).
	stats [*:*] [*:*] data using 3 nooutput
	set xtics nice(((STATS_max - STATS_min) > 0.05 ? STATS_max - STATS_min : 0.05) * 1.6 / (npanels > 2 ? 4 : 7))
	# the points again on their own: a point without an interval
	plot for [s = 0:nseries - 1] data \
		using ($2 == s ? $3 : NaN):($1 + offset(s)):4:5 with xerrorbars \
		pt marker(s) ps 0.9 lw 1.5 lc rgb colour(s) title word(series, s + 1), \
		for [s = 0:nseries - 1] data using ($2 == s ? $3 : NaN):($1 + offset(s)) with points \
		pt marker(s) ps 0.9 lw 1.5 lc rgb colour(s) notitle
}
unset multiplot
