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

/* The fields of a custody record in canonical key order (custody.py FIELD_TYPES), their JSON type and
 * whether a record may lack them. A record is read only if it is exactly the canonical JSON of these fields:
 * keys in this order, no whitespace, strings escaped exactly as the node writes them, valid UTF-8. Anything
 * else is flagged, and the exact reader (services/custody.py) then decides and names it; so this scanner
 * never accepts a record the exact reader refuses (a property test checks both on arbitrary bytes). Where
 * canonical JSON allows more than the node ever writes (a key of a hashes mapping outside printable ASCII,
 * a sequence number of 0 or of more than 15 digits) the scanner also flags, conservatively. */
enum field_type { FIELD_STRING, FIELD_INTEGER, FIELD_MAPPING };
enum field_role { ROLE_NONE, ROLE_EVIDENCE_ID, ROLE_PREVIOUS, ROLE_SEQUENCE };
struct record_field {
    const char *key; /* with its quotes and the colon: "name": */
    enum field_type type;
    int optional;
    enum field_role role;
};
static const struct record_field FIELDS[] = {
    {"\"details\":", FIELD_MAPPING, 1, ROLE_NONE},
    {"\"event_type\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"evidence_id\":", FIELD_STRING, 0, ROLE_EVIDENCE_ID},
    {"\"hashes_after\":", FIELD_MAPPING, 0, ROLE_NONE},
    {"\"hashes_before\":", FIELD_MAPPING, 0, ROLE_NONE},
    {"\"notes\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"performer\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"place\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"previous_hash\":", FIELD_STRING, 0, ROLE_PREVIOUS},
    {"\"purpose\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"receiving_person\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"recorded_at\":", FIELD_STRING, 1, ROLE_NONE},
    {"\"releasing_person\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"sequence\":", FIELD_INTEGER, 0, ROLE_SEQUENCE},
    {"\"time\":", FIELD_STRING, 0, ROLE_NONE},
    {"\"tool\":", FIELD_STRING, 0, ROLE_NONE},
};
#define FIELD_COUNT (sizeof(FIELDS) / sizeof(FIELDS[0]))

/* Lower-case hex digit -> value, anything else -> -1 (upper case is not canonical: the node writes lower
 * case). A table instead of comparisons: the scanner reads about 200 hex digits per record. */
static signed char HEX_VALUE[256];

static void hex_table_init(void) {
    memset(HEX_VALUE, -1, sizeof(HEX_VALUE));
    for (int digit = 0; digit < 10; digit++) HEX_VALUE['0' + digit] = (signed char)digit;
    for (int digit = 0; digit < 6; digit++) HEX_VALUE['a' + digit] = (signed char)(10 + digit);
}

/* One canonical JSON string at *at (its opening quote): what json.dumps(ensure_ascii=False) writes, encoded
 * in UTF-8. Escapes only for the quote, the backslash and control characters (the short forms \b \f \n \r \t,
 * else \u00xx in lower case); every other character literal, in valid UTF-8 (no overlong form, no surrogate,
 * nothing beyond U+10FFFF). On success *at is past the closing quote and the content spans [start, stop). */
static int read_string(const char **at, const char *end, const char **start, const char **stop) {
    const unsigned char *position = (const unsigned char *)*at, *limit = (const unsigned char *)end;
    if (position >= limit || *position != '"') return 0;
    position++;
    *start = (const char *)position;
    while (position < limit) {
        unsigned char byte = *position;
        if (byte == '"') {
            *stop = (const char *)position;
            *at = (const char *)position + 1;
            return 1;
        }
        if (byte < 0x20) return 0;
        if (byte == '\\') {
            if (limit - position < 2) return 0;
            unsigned char escaped = position[1];
            if (escaped == '"' || escaped == '\\' || escaped == 'b' || escaped == 'f' || escaped == 'n' ||
                escaped == 'r' || escaped == 't') {
                position += 2;
                continue;
            }
            if (escaped != 'u' || limit - position < 6 || position[2] != '0' || position[3] != '0') return 0;
            int high = HEX_VALUE[position[4]], low = HEX_VALUE[position[5]];
            if (high < 0 || low < 0) return 0;
            int code = high * 16 + low;
            if (code >= 0x20 || code == 0x08 || code == 0x09 || code == 0x0a || code == 0x0c || code == 0x0d) return 0;
            position += 6;
            continue;
        }
        if (byte < 0x80) {
            position++;
            continue;
        }
        /* UTF-8: the length from the first byte, then continuation bytes, then the range of the code point. */
        int length;
        uint32_t code;
        if (byte >= 0xc2 && byte <= 0xdf) {
            length = 2;
            code = byte & 0x1f;
        } else if (byte >= 0xe0 && byte <= 0xef) {
            length = 3;
            code = byte & 0x0f;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
            length = 4;
            code = byte & 0x07;
        } else {
            return 0;
        }
        if (limit - position < length) return 0;
        for (int index = 1; index < length; index++) {
            if ((position[index] & 0xc0) != 0x80) return 0;
            code = (code << 6) | (position[index] & 0x3f);
        }
        if ((length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) ||
            (length == 4 && (code < 0x10000 || code > 0x10ffff))) {
            return 0;
        }
        position += length;
    }
    return 0;
}

/* A mapping of text to text, canonical: {} or {"key":"value",...} with keys in strictly increasing order.
 * Keys are limited to printable ASCII without quote or backslash (all the node writes; their byte order is
 * their UTF-16 order, which RFC 8785 sorts by), values are any canonical string. */
static int read_mapping(const char **at, const char *end) {
    const char *position = *at;
    if (position >= end || *position != '{') return 0;
    position++;
    if (position < end && *position == '}') {
        *at = position + 1;
        return 1;
    }
    const char *previous_key = NULL;
    size_t previous_length = 0;
    for (;;) {
        const char *key, *key_end, *value, *value_end;
        if (!read_string(&position, end, &key, &key_end)) return 0;
        for (const unsigned char *letter = (const unsigned char *)key; letter < (const unsigned char *)key_end;
             letter++) {
            if (*letter < 0x20 || *letter > 0x7e || *letter == '\\' || *letter == '"') return 0;
        }
        size_t length = (size_t)(key_end - key);
        if (previous_key != NULL) {
            size_t shorter = length < previous_length ? length : previous_length;
            int order = memcmp(previous_key, key, shorter);
            if (order > 0 || (order == 0 && previous_length >= length)) return 0;
        }
        previous_key = key;
        previous_length = length;
        if (position >= end || *position != ':') return 0;
        position++;
        if (!read_string(&position, end, &value, &value_end)) return 0;
        if (position < end && *position == ',') {
            position++;
            continue;
        }
        if (position < end && *position == '}') {
            *at = position + 1;
            return 1;
        }
        return 0;
    }
}

/* The record's evidence_id as 32 lower-case hex digits (a canonical UUID without its dashes). */
static int read_evidence_id(const char *id, const char *id_end, char *out) {
    if (id_end - id != 36 || id[8] != '-' || id[13] != '-' || id[18] != '-' || id[23] != '-') return 0;
    memcpy(out, id, 8);
    memcpy(out + 8, id + 9, 4);
    memcpy(out + 12, id + 14, 4);
    memcpy(out + 16, id + 19, 4);
    memcpy(out + 20, id + 24, 12);
    int bad = 0;
    for (int position = 0; position < 32; position++) bad |= HEX_VALUE[(unsigned char)out[position]];
    return bad >= 0;
}

static int read_previous(const char *hex, const char *hex_end, unsigned char *out) {
    if (hex_end - hex != 2 * HASH_SIZE) return 0;
    int bad = 0;
    for (int position = 0; position < HASH_SIZE; position++) {
        int high = HEX_VALUE[(unsigned char)hex[2 * position]], low = HEX_VALUE[(unsigned char)hex[2 * position + 1]];
        bad |= high | low;
        out[position] = (unsigned char)((high << 4) | (low & 15));
    }
    return bad >= 0;
}

/* sequence: a positive decimal integer without leading zeros, of at most 15 digits (exact in 64 bits). */
static int read_sequence(const char **at, const char *end, int64_t *out) {
    const char *digit = *at;
    int64_t value = 0;
    int count = 0;
    while (digit < end && *digit >= '0' && *digit <= '9') {
        if (count == 0 && *digit == '0') return 0;
        if (++count > 15) return 0;
        value = value * 10 + (*digit - '0');
        digit++;
    }
    if (count == 0) return 0;
    *out = value;
    *at = digit;
    return 1;
}

/* Read a whole record strictly (see FIELDS): its evidence id, previous hash and sequence into the outputs. */
static int read_record(const char *record, const char *end, char *id_out, unsigned char *previous_out,
                       int64_t *sequence) {
    const char *at = record;
    if (at >= end || *at != '{') return 0;
    at++;
    int first = 1;
    for (size_t index = 0; index < FIELD_COUNT; index++) {
        const struct record_field *field = &FIELDS[index];
        size_t key_length = strlen(field->key);
        const char *key_at = at + (first ? 0 : 1);
        int present = (first || (at < end && *at == ',')) && (size_t)(end - key_at) >= key_length &&
                      memcmp(key_at, field->key, key_length) == 0;
        if (!present) {
            if (field->optional) continue;
            return 0;
        }
        at = key_at + key_length;
        first = 0;
        if (field->type == FIELD_STRING) {
            const char *value, *value_end;
            if (!read_string(&at, end, &value, &value_end)) return 0;
            if (field->role == ROLE_EVIDENCE_ID && !read_evidence_id(value, value_end, id_out)) return 0;
            if (field->role == ROLE_PREVIOUS && !read_previous(value, value_end, previous_out)) return 0;
        } else if (field->type == FIELD_MAPPING) {
            if (!read_mapping(&at, end)) return 0;
        } else if (!read_sequence(&at, end, sequence)) {
            return 0;
        }
    }
    return at < end && *at == '}' && at + 1 == end;
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
"leaf hash SHA-256(0x00 || record) (32 bytes); when the record is exactly canonical JSON of a custody\n"
"record (strings escaped as the node writes them, keys in order, valid UTF-8), its evidence_id as 32 lower-case hex digits, its\n"
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
        if (!(readable && read_record(record, end, id_out + index * 32, previous_out + index * HASH_SIZE, &sequence) &&
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
