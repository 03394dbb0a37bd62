"""
The server-side half of a PostgreSQL append: one function call, one round trip.

`gridgov_append_v2` runs the append algorithm of `gridgov.journal._append` inside
the server: it locks the chain's head row, looks up every idempotency key, checks
``expected_version`` and the stream versions of ``expect`` (two parallel arrays,
streams and versions; the streams need not be written by the call), numbers the
new events, links them with
`gridgov_link_hash_v1` (the same bytes as `gridgov.journal.chain.link_hash`),
inserts them and moves the head. Called as one statement on an autocommit
connection, the call is its own transaction, so lock, checks, inserts and
``COMMIT`` take a single round trip.

It returns one row per event, in input order — ``(sequence, version, type, hash,
fresh)``, ``fresh`` true for an event written by this call — or **no rows** when
it writes nothing because the append must be refused (an idempotency conflict, a
wrong version, a missing head row). The client then runs the general path, which
raises the precise error; the function never decides an error's wording.

The names carry a version: a change to either body is a new name, created beside
the old one, so journals opened by older gridgov versions keep working
(``gridgov_append_v1``, without ``expect``, is what gridgov created before
``expect`` existed; this version neither creates nor calls it). The functions
are created only when missing (a role that did not create them may still use
them).
"""

from __future__ import annotations

from gridgov.journal.records import GENESIS_HASH

__all__ = [
    "APPEND_CALL",
    "APPEND_ONE_CALL",
    "FUNCTIONS",
    "FUNCTION_SIGNATURES",
    "HASH_CALL",
    "HASH_PROBE",
]

_LINK_HASH = """CREATE OR REPLACE FUNCTION gridgov_link_hash_v1(
    p_previous text, p_sequence bigint, p_stream text, p_version bigint,
    p_key text, p_type text, p_payload text
) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    -- SHA-256 of '[sequence,"stream",version,"key","type","previous"]' || LF ||
    -- payload, as UTF-8, hex: to_json() escapes text exactly as Python's json
    -- module with ensure_ascii=False does (\\" \\\\ \\b \\f \\n \\r \\t, other
    -- controls as lower-case \\u00xx, everything else as is).
    SELECT encode(sha256(convert_to(
        '[' || p_sequence || ',' || to_json(p_stream)::text || ','
        || p_version || ',' || to_json(p_key)::text || ','
        || to_json(p_type)::text || ',' || to_json(p_previous)::text || ']'
        || chr(10) || p_payload,
        'UTF8')), 'hex')
$fn$"""

_APPEND = """CREATE OR REPLACE FUNCTION gridgov_append_v2(
    p_chain text, p_streams text[], p_keys text[], p_types text[],
    p_payloads text[], p_expected bigint,
    p_expect_streams text[], p_expect_versions bigint[]
) RETURNS TABLE (
    r_sequence bigint, r_version bigint, r_type text, r_hash text, r_fresh boolean
) LANGUAGE plpgsql VOLATILE
-- Custom plans of the lookup below cost more to make than they save.
SET plan_cache_mode = force_generic_plan
AS $fn$
DECLARE
    head_sequence bigint;
    previous text;
    refused boolean;
    written bigint;
    seqs bigint[];
    vers bigint[];
    typs text[];
    hashes text[];
    fresh boolean[];
    firsts bigint[];
    seq1 bigint;
    ver1 bigint;
    typ1 text;
    payload1 text;
    hash1 text;
BEGIN
    -- A statement of its own: the reads below see what the lock waited for.
    SELECT h.sequence, h.hash INTO head_sequence, previous
      FROM gridgov_chain_heads AS h WHERE h.chain = p_chain FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF cardinality(p_streams) = 1 THEN  -- the common case, in one cheap query
        SELECT coalesce(e.sequence, head_sequence + 1), coalesce(e.version,
                   1 + coalesce((SELECT max(v.version) FROM gridgov_events AS v
                       WHERE v.chain = p_chain AND v.stream = p_streams[1]), 0)),
               e.type, e.payload, e.hash
          INTO seq1, ver1, typ1, payload1, hash1
          FROM (SELECT 1) AS one LEFT JOIN gridgov_events AS e
            ON e.chain = p_chain AND e.stream = p_streams[1] AND e.key = p_keys[1];
        written := (payload1 IS NULL)::int;
        refused := CASE WHEN payload1 IS NULL
                        THEN p_expected IS NOT NULL AND p_expected <> ver1 - 1
                        ELSE payload1 <> p_payloads[1] END;
        seqs := ARRAY[seq1];
        vers := ARRAY[ver1];
        typs := ARRAY[typ1];
        hashes := ARRAY[hash1];
        fresh := ARRAY[payload1 IS NULL];
    ELSE
        -- Per event: the row already recorded under its stream and key, whether it
        -- is new (first of its slot in the batch and not recorded), its number among
        -- the new events and within its stream; and whether to refuse the append.
        WITH batch AS (
            SELECT u.i, u.s, u.k, u.p,
                   first_value(u.i) OVER slot AS first_i,
                   first_value(u.p) OVER slot AS first_p
              FROM unnest(p_streams, p_keys, p_payloads)
                   WITH ORDINALITY AS u(s, k, p, i)
            WINDOW slot AS (PARTITION BY u.s, u.k ORDER BY u.i)
        ), looked AS (
            SELECT b.*, e.sequence AS e_seq, e.version AS e_ver, e.type AS e_type,
                   e.payload AS e_p, e.hash AS e_hash,
                   (e.sequence IS NULL AND b.i = b.first_i) AS is_new
              FROM batch AS b LEFT JOIN gridgov_events AS e
                ON e.chain = p_chain AND e.stream = b.s AND e.key = b.k
        ), numbered AS (
            SELECT l.*,
                   count(*) FILTER (WHERE l.is_new) OVER (ORDER BY l.i) AS nth,
                   count(*) FILTER (WHERE l.is_new)
                       OVER (PARTITION BY l.s ORDER BY l.i) AS nth_in_stream
              FROM looked AS l
        ), planned AS (
            SELECT bool_or(CASE WHEN x.e_seq IS NULL THEN x.p <> x.first_p
                                ELSE x.e_p <> x.p END) AS conflict,
                   count(*) FILTER (WHERE x.is_new) AS written,
                   array_agg(CASE WHEN x.is_new THEN head_sequence + x.nth
                                  ELSE x.e_seq END ORDER BY x.i) AS seqs,
                   array_agg(CASE WHEN x.is_new THEN x.nth_in_stream + coalesce(
                                      (SELECT max(v.version) FROM gridgov_events AS v
                                        WHERE v.chain = p_chain AND v.stream = x.s), 0)
                                  ELSE x.e_ver END ORDER BY x.i) AS vers,
                   array_agg(x.e_type ORDER BY x.i) AS typs,
                   array_agg(x.e_hash ORDER BY x.i) AS hashes,
                   array_agg(x.is_new ORDER BY x.i) AS fresh,
                   array_agg(x.first_i ORDER BY x.i) AS firsts
              FROM numbered AS x
        )
        SELECT y.conflict OR (y.written > 0 AND p_expected IS NOT NULL
                   AND p_expected <> coalesce(
                       (SELECT max(v.version) FROM gridgov_events AS v
                         WHERE v.chain = p_chain AND v.stream = p_streams[1]), 0)),
               y.written, y.seqs, y.vers, y.typs, y.hashes, y.fresh, y.firsts
          INTO refused, written, seqs, vers, typs, hashes, fresh, firsts
          FROM planned AS y;
    END IF;
    IF written > 0 AND refused IS NOT TRUE
       AND coalesce(cardinality(p_expect_streams), 0) > 0 THEN
        -- expect: every stream named must be at its version now (under the lock,
        -- before this call's inserts), whether or not this call writes to it.
        SELECT coalesce(bool_or(x.v IS DISTINCT FROM coalesce(
                   (SELECT max(v.version) FROM gridgov_events AS v
                     WHERE v.chain = p_chain AND v.stream = x.s), 0)), false)
          INTO refused
          FROM unnest(p_expect_streams, p_expect_versions) AS x(s, v);
    END IF;
    IF refused THEN
        RETURN;
    END IF;
    FOR j IN 1 .. cardinality(p_streams) LOOP
        IF fresh[j] THEN
            previous := gridgov_link_hash_v1(previous, seqs[j], p_streams[j],
                vers[j], p_keys[j], p_types[j], p_payloads[j]);
            hashes[j] := previous;
            typs[j] := p_types[j];
        ELSIF seqs[j] IS NULL THEN  -- a repeat of an event new in this batch
            seqs[j] := seqs[firsts[j]];
            vers[j] := vers[firsts[j]];
            typs[j] := typs[firsts[j]];
            hashes[j] := hashes[firsts[j]];
        END IF;
    END LOOP;
    IF written > 0 THEN
        WITH added AS (
            INSERT INTO gridgov_events
                (chain, sequence, stream, version, key, type, payload, hash)
            SELECT p_chain, seqs[j], p_streams[j], vers[j], p_keys[j],
                   p_types[j], p_payloads[j], hashes[j]
              FROM generate_subscripts(p_streams, 1) AS j
             WHERE fresh[j]
        )
        UPDATE gridgov_chain_heads SET sequence = head_sequence + written,
               hash = previous WHERE chain = p_chain;
    END IF;
    RETURN QUERY SELECT * FROM unnest(seqs, vers, typs, hashes, fresh);
END
$fn$"""

FUNCTIONS = (_LINK_HASH, _APPEND)
"""The statements creating the functions (run only when they are missing)."""

FUNCTION_SIGNATURES = (
    "gridgov_link_hash_v1(text, bigint, text, bigint, text, text, text)",
    "gridgov_append_v2(text, text[], text[], text[], text[], bigint, text[], bigint[])",
)
"""What ``to_regprocedure`` looks up to tell whether they exist."""

APPEND_CALL = (
    "SELECT * FROM gridgov_append_v2(%s, %s::text[], %s::text[], %s::text[], "
    "%s::text[], %s::bigint, %s::text[], %s::bigint[])"
)
"""Append a batch: chain, streams, keys, types, payloads, expected_version, and
``expect`` as streams and versions (NULL or empty arrays when none)."""
APPEND_ONE_CALL = (
    "SELECT * FROM gridgov_append_v2(%s, ARRAY[%s::text], ARRAY[%s::text], "
    "ARRAY[%s::text], ARRAY[%s::text], %s::bigint, %s::text[], %s::bigint[])"
)
"""`APPEND_CALL` for one event: the server builds the arrays (cheaper to send)."""
HASH_CALL = "SELECT gridgov_link_hash_v1(%s, %s, %s, %s, %s, %s, %s)"
"""Hash one link on the server (the probe a journal makes when it opens)."""

HASH_PROBE = (
    GENESIS_HASH,
    9_007_199_254_740_993,
    '网格 "a"\\b\n\r\t\b\f\x01\x1f\x7f\u2028é😀',
    2**40,
    'k\\"\u00ff\x1b',
    "Type/名",
    '{"text":"\\u0001 ✓","x":[1,2.5,null]}\n',
)
"""A link hashed by the server and by Python when a journal opens: where the two
disagree (a database encoding that cannot hold it), appends take the in-steps path."""
