/* Prototype (benchmarks only, not part of the package): container._plain_extent_within_bound
   in C, the same answer, to measure what a compiled scanner would save (see
   benchmarks/compiled_guard.py).  Returns 1: every row and cell tag plain and the extent within
   the bound; 0: the full check decides. */
#include <stddef.h>
#include <string.h>

static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c; }
static int is_end(unsigned char c) { return is_ws(c) || c == '/' || c == '>'; }
static int is_letter(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
#define CAP 4000000000000000LL

int plain_extent(const unsigned char *s, size_t n, long long max_cells) {
    size_t i;
    /* a prefixed row or cell tag: ':c' or ':row' then a tag end */
    for (i = 0; i < n; i++) {
        if (s[i] != ':') continue;
        if (i + 2 < n && s[i+1] == 'c' && is_end(s[i+2])) return 0;
        if (i + 4 < n && s[i+1] == 'r' && s[i+2] == 'o' && s[i+3] == 'w' && is_end(s[i+4])) return 0;
    }
    long long height = 0, width = 0;
    int tags = 0;
    /* the joined rests' r\s*= test: state 1 after an 'r' (and whitespace) */
    int after_r = 0;
    i = 0;
    while (i < n) {
        const unsigned char *p = memchr(s + i, '<', n - i);
        if (!p) break;
        i = (size_t)(p - s);
        size_t j;
        if (i + 1 < n && s[i+1] == 'c') j = i + 2;
        else if (i + 3 < n && s[i+1] == 'r' && s[i+2] == 'o' && s[i+3] == 'w') j = i + 4;
        else { i++; continue; }
        /* first branch: ' r="' letters digits '"' rest '>' */
        size_t k = j;
        int ok = 0;
        long long col = 0, row = 0;
        size_t rest_start = 0, rest_end = 0;
        if (k + 4 <= n && s[k] == ' ' && s[k+1] == 'r' && s[k+2] == '=' && s[k+3] == '"') {
            k += 4;
            while (k < n && is_letter(s[k])) {
                unsigned char c = s[k] & 0xDF; /* upper */
                col = col * 26 + (c - 'A' + 1);
                if (col > CAP) col = CAP;
                k++;
            }
            size_t d0 = k;
            while (k < n && is_digit(s[k])) {
                row = row * 10 + (s[k] - '0');
                if (row > CAP) row = CAP;
                k++;
            }
            if (k > d0 && k < n && s[k] == '"') {
                k++;
                rest_start = k;
                for (;;) {
                    while (k < n && s[k] != '<' && s[k] != '>' && s[k] != '"' && s[k] != '\'') k++;
                    if (k >= n) break;
                    if (s[k] == '>') { ok = 1; rest_end = k; break; }
                    if (s[k] != '"') break;            /* '<' or "'" outside quotes */
                    k++;
                    while (k < n && s[k] != '"' && s[k] != '<') k++;
                    if (k >= n || s[k] != '"') break;  /* '<' inside quotes, or no closing quote */
                    k++;
                }
            }
        }
        if (!ok) {
            if (j < n && is_end(s[j])) return 0;  /* a tag of another form */
            i++;
            continue;
        }
        tags++;
        if (row > height) height = row;
        if (col > width) width = col;
        /* r\s*= in the rests, as joined */
        for (size_t m = rest_start; m < rest_end; m++) {
            unsigned char c = s[m];
            if (c == 'r') after_r = 1;
            else if (c == '=') { if (after_r) return 0; }
            else if (!is_ws(c)) after_r = 0;
        }
        i = rest_end + 1;
    }
    if (!tags) return 1;
    if (width == 0) return 1;
    if (height > max_cells / width + 1) return 0;
    return height * width <= max_cells;
}
