/*
 * The hot loop of `glacy custody verify`, in C: RFC 9162 leaf hashes of many custody records, the fields
 * that link each record into its exhibit's chain, and the levels of the Merkle tree over the leaf hashes.
 *
 * Why C: verifying a log of a million events means two million SHA-256 computations plus reading each
 * record's link fields; in Python every one of those is an interpreter call, which makes verification
 * several times slower than the hashing itself. This module does only that mechanical work, with the GIL
 * released, and returns flat byte strings; every decision (is the chain intact? does the root match the
 * signed checkpoint?) stays in Python (services/custody.py), and `custody_scan.py` holds the reference
 * implementation in pure Python that the tests compare this module against, byte for byte.
 *
 * SHA-256 is OpenSSL's, the library Python's hashlib uses. Its one-context SHA256_* functions are used
 * rather than EVP: they are deprecated in OpenSSL 3 but kept, and cost a third less per short message
 * (a Merkle node is 65 bytes), which is what this module is for.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <stdint.h>
#include <string.h>

#define HASH_SIZE 32
#define PREFIX_SIZE (32 + 2 * HASH_SIZE) /* item id and event hash, in hex */

static const char EVIDENCE_KEY[] = "{\"event_type\":\"";
static const char EVIDENCE_ID_KEY[] = "\",\"evidence_id\":\"";
static const char PREVIOUS_KEY[] = ",\"previous_hash\":\"";
static const char PREVIOUS_END[] = "\",\"purpose\":\"";
static const char SEQUENCE_KEY[] = ",\"sequence\":";
static const char SEQUENCE_END[] = ",\"time\":\"";

/* Position of the last occurrence of needle in [start, end), or NULL. */
static const char *last_occurrence(const char *start, const char *end, const char *needle, size_t length) {
    if ((size_t)(end - start) < length) {
        return NULL;
    }
    for (size_t offset = (size_t)(end - start) - length + 1; offset-- > 0;) {
        if (start[offset] == needle[0] && memcmp(start + offset, needle, length) == 0) {
            return start + offset;
        }
    }
    return NULL;
}

/* Lower-case hex digit -> value, anything else -> -1 (upper case is not canonical: the node writes lower
 * case). A table instead of comparisons: the scanner reads about 200 hex digits per record. */
static signed char HEX_VALUE[256];

static void hex_table_init(void) {
    memset(HEX_VALUE, -1, sizeof(HEX_VALUE));
    for (int digit = 0; digit < 10; digit++) HEX_VALUE['0' + digit] = (signed char)digit;
    for (int digit = 0; digit < 6; digit++) HEX_VALUE['a' + digit] = (signed char)(10 + digit);
}

/* The record's evidence_id as 32 lower-case hex digits (a canonical UUID without its dashes). */
static int read_evidence_id(const char *record, const char *end, char *out) {
    size_t key = sizeof(EVIDENCE_KEY) - 1, id_key = sizeof(EVIDENCE_ID_KEY) - 1;
    if ((size_t)(end - record) < key || memcmp(record, EVIDENCE_KEY, key) != 0) return 0;
    const char *type_end = memchr(record + key, '"', (size_t)(end - record - key));
    if (type_end == NULL || (size_t)(end - type_end) < id_key + 37) return 0;
    if (memcmp(type_end, EVIDENCE_ID_KEY, id_key) != 0) return 0;
    const char *id = type_end + id_key;
    if (id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-' || id[36] != '"') return 0;
    memcpy(out, id, 8);
    memcpy(out + 8, id + 9, 4);
    memcpy(out + 12, id + 14, 4);
    memcpy(out + 16, id + 19, 4);
    memcpy(out + 20, id + 24, 12);
    int bad = 0;
    for (int position = 0; position < 32; position++) bad |= HEX_VALUE[(unsigned char)out[position]];
    return bad >= 0;
}

/* previous_hash is the last key of that name: only strings and an integer follow it in key order, and an
 * unescaped `,"` cannot occur inside a JSON string, so a look-alike inside an earlier value cannot match. */
static int read_previous(const char *record, const char *end, unsigned char *out) {
    size_t key = sizeof(PREVIOUS_KEY) - 1, tail = sizeof(PREVIOUS_END) - 1;
    const char *at = last_occurrence(record, end, PREVIOUS_KEY, key);
    if (at == NULL) return 0;
    const char *hex = at + key;
    if ((size_t)(end - hex) < 64 + tail || memcmp(hex + 64, PREVIOUS_END, tail) != 0) return 0;
    int bad = 0;
    for (int position = 0; position < HASH_SIZE; position++) {
        int high = HEX_VALUE[(unsigned char)hex[2 * position]], low = HEX_VALUE[(unsigned char)hex[2 * position + 1]];
        bad |= high | low;
        out[position] = (unsigned char)((high << 4) | (low & 15));
    }
    return bad >= 0;
}

/* sequence: a positive decimal integer without leading zeros, followed by the time key. */
static int read_sequence(const char *record, const char *end, int64_t *out) {
    size_t key = sizeof(SEQUENCE_KEY) - 1, tail = sizeof(SEQUENCE_END) - 1;
    const char *at = last_occurrence(record, end, SEQUENCE_KEY, key);
    if (at == NULL) return 0;
    const char *digit = at + key;
    int64_t value = 0;
    int count = 0;
    while (digit < end && *digit >= '0' && *digit <= '9') {
        if (count == 0 && *digit == '0') return 0;
        if (++count > 15) return 0; /* beyond any real chain; keeps the value exact */
        value = value * 10 + (*digit - '0');
        digit++;
    }
    if (count == 0 || (size_t)(end - digit) < tail || memcmp(digit, SEQUENCE_END, tail) != 0) return 0;
    *out = value;
    return 1;
}

static int sha256_parts(unsigned char prefix, const void *data, size_t length, unsigned char *out) {
    SHA256_CTX context;
    return SHA256_Init(&context) && SHA256_Update(&context, &prefix, 1) && SHA256_Update(&context, data, length) &&
           SHA256_Final(out, &context);
}

static const char HEX_DIGITS[] = "0123456789abcdef";

static int hex_equals(const char *hex, const unsigned char *bytes) {
    char expected[2 * HASH_SIZE];
    for (int position = 0; position < HASH_SIZE; position++) {
        expected[2 * position] = HEX_DIGITS[bytes[position] >> 4];
        expected[2 * position + 1] = HEX_DIGITS[bytes[position] & 15];
    }
    return memcmp(hex, expected, sizeof(expected)) == 0;
}

PyDoc_STRVAR(scan_rows_doc,
"scan_rows(data: bytes) -> (count, leaf_hashes, evidence_ids, previous_hashes, sequences, first_bad)\n\n"
"Rows are separated by a newline; each is <item id: 32 hex><event hash: 64 hex><record>, the index\n"
"columns of a custody event followed by its canonical record. For each row: the record's RFC 9162\n"
"leaf hash SHA-256(0x00 || record) (32 bytes), its evidence_id as 32 lower-case hex digits, its\n"
"previous_hash as 32 bytes and its sequence as a little-endian signed 64-bit integer. first_bad is the\n"
"index of the first row whose record cannot be read or disagrees with its index columns (its entries\n"
"are zero), or -1.");

static PyObject *scan_rows(PyObject *module, PyObject *argument) {
    (void)module;
    Py_buffer view;
    if (PyObject_GetBuffer(argument, &view, PyBUF_SIMPLE) < 0) return NULL;
    const char *data = view.buf, *data_end = data + view.len;
    Py_ssize_t count = 1;
    for (const char *at = data; (at = memchr(at, '\n', (size_t)(data_end - at))) != NULL; at++) count++;
    if (view.len == 0) count = 0;
    PyObject *leaves = PyBytes_FromStringAndSize(NULL, count * HASH_SIZE);
    PyObject *ids = PyBytes_FromStringAndSize(NULL, count * 32);
    PyObject *previous = PyBytes_FromStringAndSize(NULL, count * HASH_SIZE);
    PyObject *sequences = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(int64_t));
    if (leaves == NULL || ids == NULL || previous == NULL || sequences == NULL) {
        goto failed;
    }
    unsigned char *leaf_out = (unsigned char *)PyBytes_AS_STRING(leaves);
    char *id_out = PyBytes_AS_STRING(ids);
    unsigned char *previous_out = (unsigned char *)PyBytes_AS_STRING(previous);
    char *sequence_out = PyBytes_AS_STRING(sequences);
    Py_ssize_t first_bad = -1;
    int hashed = 1;
    Py_BEGIN_ALLOW_THREADS
    const char *row = data;
    for (Py_ssize_t index = 0; index < count; index++) {
        const char *end = memchr(row, '\n', (size_t)(data_end - row));
        if (end == NULL) end = data_end;
        /* The index columns are taken as they are: they only have to equal the record's evidence id and the
         * computed hash's hex, which are valid lower-case hex by construction. A row too short to hold them
         * is hashed whole (and flagged). */
        int readable = end - row >= PREFIX_SIZE;
        const char *column_id = row, *stated = row + 32, *record = readable ? row + PREFIX_SIZE : row;
        int64_t sequence = 0;
        unsigned char *leaf = leaf_out + index * HASH_SIZE;
        if (!sha256_parts(0x00, record, (size_t)(end - record), leaf)) {
            hashed = 0;
            break;
        }
        if (!(readable && read_evidence_id(record, end, id_out + index * 32) &&
              read_previous(record, end, previous_out + index * HASH_SIZE) && read_sequence(record, end, &sequence) &&
              memcmp(column_id, id_out + index * 32, 32) == 0 && hex_equals(stated, leaf))) {
            memset(id_out + index * 32, 0, 32);
            memset(previous_out + index * HASH_SIZE, 0, HASH_SIZE);
            sequence = 0;
            if (first_bad < 0) first_bad = index;
        }
        memcpy(sequence_out + index * (Py_ssize_t)sizeof(int64_t), &sequence, sizeof(int64_t));
        row = end < data_end ? end + 1 : data_end;
    }
    Py_END_ALLOW_THREADS
    if (!hashed) {
        PyErr_SetString(PyExc_RuntimeError, "OpenSSL could not compute SHA-256");
        goto failed;
    }
    PyBuffer_Release(&view);
    return Py_BuildValue("nNNNNn", count, leaves, ids, previous, sequences, first_bad);
failed:
    Py_XDECREF(leaves);
    Py_XDECREF(ids);
    Py_XDECREF(previous);
    Py_XDECREF(sequences);
    PyBuffer_Release(&view);
    return PyErr_Occurred() ? NULL : PyErr_NoMemory();
}

PyDoc_STRVAR(merkle_levels_doc,
"merkle_levels(leaf_hashes: bytes) -> list[bytes]\n\n"
"The roots of every complete, aligned power-of-two subtree of the RFC 9162 tree over the given leaf\n"
"hashes, level by level: level 0 is the leaf hashes, level h+1 holds SHA-256(0x01 || left || right) of\n"
"each complete pair of level h (an odd last node waits for its sibling). The last level has one node\n"
"or fewer.");

static PyObject *merkle_levels(PyObject *module, PyObject *argument) {
    (void)module;
    Py_buffer view;
    if (PyObject_GetBuffer(argument, &view, PyBUF_SIMPLE) < 0) return NULL;
    if (view.len % HASH_SIZE != 0) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "a leaf hash has 32 bytes");
        return NULL;
    }
    PyObject *levels = PyList_New(0);
    PyObject *level;
    if (PyBytes_CheckExact(argument)) { /* immutable: level 0 is the argument itself, no copy */
        Py_INCREF(argument);
        level = argument;
    } else {
        level = PyBytes_FromStringAndSize(view.buf, view.len);
    }
    PyBuffer_Release(&view);
    if (levels == NULL || level == NULL || PyList_Append(levels, level) < 0) goto failed;
    while (PyBytes_GET_SIZE(level) / HASH_SIZE > 1) {
        Py_ssize_t nodes = PyBytes_GET_SIZE(level) / HASH_SIZE / 2;
        PyObject *next = PyBytes_FromStringAndSize(NULL, nodes * HASH_SIZE);
        if (next == NULL) goto failed;
        const unsigned char *below = (const unsigned char *)PyBytes_AS_STRING(level);
        unsigned char *above = (unsigned char *)PyBytes_AS_STRING(next);
        int hashed = 1;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t index = 0; index < nodes && hashed; index++) {
            hashed = sha256_parts(0x01, below + 2 * index * HASH_SIZE, 2 * HASH_SIZE,
                                  above + index * HASH_SIZE);
        }
        Py_END_ALLOW_THREADS
        Py_DECREF(level);
        level = next;
        if (!hashed) {
            PyErr_SetString(PyExc_RuntimeError, "OpenSSL could not compute SHA-256");
            goto failed;
        }
        if (PyList_Append(levels, level) < 0) goto failed;
    }
    Py_DECREF(level);
    return levels;
failed:
    Py_XDECREF(level);
    Py_XDECREF(levels);
    return PyErr_Occurred() ? NULL : PyErr_NoMemory();
}

static PyMethodDef methods[] = {
    {"scan_rows", scan_rows, METH_O, scan_rows_doc},
    {"merkle_levels", merkle_levels, METH_O, merkle_levels_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT, "_custody_native",
    "Native hot loop of custody log verification (see custody_scan.py for the reference).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__custody_native(void) {
    hex_table_init();
    return PyModule_Create(&module_definition);
}
