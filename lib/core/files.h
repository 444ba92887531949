/* files.h - making directories and writing whole files.
 *
 * Both return 0, or -1 with errno set; paths are C strings (the file
 * system's bytes). */
#ifndef SFB_FILES_H
#define SFB_FILES_H

#include <stddef.h>

/* mkdir -p: path and its missing parents, mode 0777 before the umask; an
 * existing directory is fine. */
int sfb_mkdir_p(const char *path);

/* Create or truncate path (mode 0666 before the umask) and write
 * p[0..n) to it, as Python's Path.write_bytes does. */
int sfb_file_write(const char *path, const void *p, size_t n);

#endif
