#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "CAfterschoolSystem.h"

static int copy_with_buffer(int in, int out) {
    size_t size = 1 << 20;
    char *buffer = malloc(size);
    if (buffer == NULL) { errno = ENOMEM; return -1; }
    for (;;) {
        ssize_t n = read(in, buffer, size);
        if (n < 0) { if (errno == EINTR) continue; free(buffer); return -1; }
        if (n == 0) break;
        ssize_t done = 0;
        while (done < n) {
            ssize_t w = write(out, buffer + done, (size_t)(n - done));
            if (w < 0) { if (errno == EINTR) continue; free(buffer); return -1; }
            done += w;
        }
    }
    free(buffer);
    return 0;
}

int afterschool_copy_file(const char *source, const char *destination) {
    int in = open(source, O_RDONLY | O_CLOEXEC);
    if (in < 0) return -1;
    struct stat st;
    if (fstat(in, &st) != 0) { int e = errno; close(in); errno = e; return -1; }
    int out = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
    if (out < 0) { int e = errno; close(in); errno = e; return -1; }
    int status = 0;
    off_t left = st.st_size;
    int fallback = 0;
    while (left > 0) {
        ssize_t n = copy_file_range(in, NULL, out, NULL, (size_t)(left > (1 << 30) ? (1 << 30) : left), 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL) { fallback = 1; break; }
            status = -1;
            break;
        }
        if (n == 0) { fallback = 1; break; }  /* short: copy it all with read/write */
        left -= n;
    }
    if (status == 0 && fallback) {
        if (lseek(in, 0, SEEK_SET) < 0 || ftruncate(out, 0) != 0 || lseek(out, 0, SEEK_SET) < 0) status = -1;
        else status = copy_with_buffer(in, out);
    }
    int e = errno;
    close(in);
    if (close(out) != 0 && status == 0) { e = errno; status = -1; }
    errno = e;
    return status;
}
