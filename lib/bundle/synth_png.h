/*
 * Tiny 8-bit grayscale PNG files (the container and stored deflate of
 * core/png.h), so sfb-synth needs no zlib.  The pixels are a
 * deterministic picture of a "spine".
 */
#ifndef SFB_SYNTH_PNG_H
#define SFB_SYNTH_PNG_H

#include <stdint.h>

#include "bundle/synth_buf.h"

/* Append a width x height grayscale PNG drawn from key to b. */
void sfb_png_spine(struct sfb_sbuf *b, uint32_t width, uint32_t height,
    uint64_t key);

#endif
