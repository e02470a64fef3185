#ifndef C_AFTERSCHOOL_SYSTEM_H
#define C_AFTERSCHOOL_SYSTEM_H

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`):
/// both must exist. Returns 0, or -1 with errno set (EINVAL or ENOSYS where
/// the file system or kernel cannot exchange).
int afterschool_exchange_paths(const char *a, const char *b);

#endif
