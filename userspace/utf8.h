/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IPCWALL_UTF8_H
#define IPCWALL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Length of the UTF-8 sequence at @s (@len bytes available, at least 1)
 * and its code point in *@cp, or 0 when it is not valid UTF-8 (overlong,
 * surrogate, beyond U+10FFFF, or cut short).
 */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif /* IPCWALL_UTF8_H */
