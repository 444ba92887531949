/* files.c - directories and whole files (files.h). */
#include "core/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
sfb_mkdir_p(const char *path)
{
	char *tmp = strdup(path), *p;
	int r = 0;

	if (tmp == NULL)
		return -1;
	/* An empty path is the current directory, which is there. */
	for (p = *tmp ? tmp + 1 : tmp; r == 0 && *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
			r = -1;
		*p = '/';
	}
	if (r == 0 && *tmp && mkdir(tmp, 0777) != 0 && errno != EEXIST)
		r = -1;
	free(tmp);
	return r;
}

int
sfb_file_write(const char *path, const void *p, size_t n)
{
	const char *s = p;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666), e;
	ssize_t w;

	if (fd < 0)
		return -1;
	while (n > 0) {
		if ((w = write(fd, s, n)) < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return close(fd);
}
