#ifndef C_AFTERSCHOOL_SYSTEM_H
#define C_AFTERSCHOOL_SYSTEM_H

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`):
/// both must exist. Returns 0, or -1 with errno set (EINVAL or ENOSYS where
/// the file system or kernel cannot exchange).
int afterschool_exchange_paths(const char *a, const char *b);

#endif

#ifndef C_AFTERSCHOOL_COPY_H
#define C_AFTERSCHOOL_COPY_H
/// Copies the file at `source` to `destination` (created, or truncated),
/// in the kernel where it can (`copy_file_range`; a reflink on file systems
/// that share blocks), else with a 1 MiB buffer. Not synced: the copy is a
/// staging file, published only when the run completes. Returns
/// 0, or -1 with errno set.
int afterschool_copy_file(const char *source, const char *destination);
#endif
