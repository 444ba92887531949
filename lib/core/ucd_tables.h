/* ucd_tables.h - layout of the generated tables in ucd_tables.c; private
 * to ucd.c. */
#ifndef SFB_UCD_TABLES_H
#define SFB_UCD_TABLES_H

#include <stdint.h>

#define SFB_UCD_SHIFT 7
#define SFB_UCD_F_WORD 1
#define SFB_UCD_F_SPACE 2
#define SFB_UCD_F_DIGIT 4

/* A mapping is cp + delta unless its expansion index is non-zero; then
 * sfb_ucd_expand[index] is the length and the code points follow. */
struct sfb_ucd_rec {
	int32_t lower_delta;
	int32_t fold_delta;
	uint16_t lower_x;
	uint16_t fold_x;
	uint8_t flags;
	uint8_t refold;
};

extern const uint16_t sfb_ucd_stage1[];
extern const uint16_t sfb_ucd_stage2[];
extern const struct sfb_ucd_rec sfb_ucd_recs[];
extern const uint32_t sfb_ucd_expand[];

#endif
