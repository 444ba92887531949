# heatmap.gp - a heat map of one value per row and column (label flip
# rates, model x category), each cell labelled with its value.  Drawn by
# examples/pictures.sh from sfb-flips' NDJSON (and per-pathology.sh's); run
#   gnuplot -c heatmap.gp OUT TERM TITLE DATA NROWS NCOLS LABEL TEXTS
# DATA is tab-separated with a header row (a corner cell, then the column
# names) and one row per model (its name, then the values; a missing one
# is NaN); LABEL names the colour scale; TEXTS holds each cell's text,
# tab-separated: column, row (from 0), text.  White to Okabe-Ito blue;
# DejaVu Sans.

out = ARG1
term = ARG2
title = ARG3
data = ARG4
nrows = ARG5 + 0
ncols = ARG6 + 0

width = 200 + 62 * ncols
if (width < 720) { width = 720 }
height = 150 + 34 * nrows
if (term eq "svg") {
	set terminal svg size width, height font "DejaVu Sans,12" noenhanced background "#ffffff"
} else {
	set terminal pngcairo size width, height font "DejaVu Sans,11" noenhanced background "#ffffff"
}
set output out
set datafile separator "\t"

set title title font "DejaVu Sans,14"
set palette defined (0 "#ffffff", 1 "#0072B2")
set cbrange [0:*]
set cblabel ARG7
set yrange [nrows - 0.5 : -0.5]
set xrange [-0.5 : ncols - 0.5]
set xtics rotate by 40 right scale 0 nomirror
set ytics scale 0 nomirror
set border 0
set lmargin 18
set bmargin 9
unset key
plot data matrix rowheaders columnheaders using 1:2:3 with image pixels, \
	ARG8 using 1:2:3 with labels font "DejaVu Sans,10" tc rgb "#000000"
