/* test_num.c - Python float formatting against Python's own output
 * (tests/golden/num/format.tsv, written by tests/gen/gen_num_golden.py). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"
#include "t.h"

int
main(void)
{
	char line[1024], buf[400];
	FILE *f = fopen("tests/golden/num/format.tsv", "r");
	int rows = 0;

	if (!t_ok(f != NULL, "cannot open tests/golden/num/format.tsv"))
		return t_done();
	while (fgets(line, sizeof line, f)) {
		char *field[6], *s = line;
		uint64_t bits;
		double d;
		int i;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < 6; i++)
			field[i] = strsep(&s, "\t");
		if (!t_ok(field[5] != NULL, "short golden row %d", rows))
			continue;
		bits = strtoull(field[0], NULL, 16);
		memcpy(&d, &bits, sizeof d);
		sfb_num_repr(d, buf);
		t_ok(strcmp(buf, field[1]) == 0, "repr %s: got %s want %s",
		    field[0], buf, field[1]);
		sfb_num_fixed(d, 3, buf);
		t_ok(strcmp(buf, field[2]) == 0, ".3f %s: got %s want %s",
		    field[0], buf, field[2]);
		sfb_num_fixed(d, 6, buf);
		t_ok(strcmp(buf, field[3]) == 0, ".6f %s: got %s want %s",
		    field[0], buf, field[3]);
		sfb_num_repr(sfb_num_round(d, 3), buf);
		t_ok(strcmp(buf, field[4]) == 0, "round3 %s: got %s want %s",
		    field[0], buf, field[4]);
		rows++;
	}
	fclose(f);
	t_ok(rows > 2000, "golden rows read: %d", rows);
	return t_done();
}
