-- pricemath 0.1.0: exact, fast and predictable price math on numeric[] and float8[]

\echo Use "CREATE EXTENSION pricemath" to load this file. \quit

CREATE FUNCTION @extschema@.version() RETURNS text
    AS 'MODULE_PATHNAME', 'pricemath_version'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.version() IS
    'version of the loaded pricemath library';

-- Element-wise arithmetic. b is an array of the same length as a, or a scalar.

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.numeric[]) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.numeric[]) IS
    'element-wise exact sum a + b; the scale of each element is the larger input scale';

CREATE FUNCTION @extschema@.add(a pg_catalog.numeric[], b pg_catalog.numeric) RETURNS pg_catalog.numeric[]
    AS 'MODULE_PATHNAME', 'pricemath_add_numeric_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.numeric[], pg_catalog.numeric) IS
    'exact sum a + b for every element of a';

CREATE FUNCTION @extschema@.add(a pg_catalog.float8[], b pg_catalog.float8[]) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_add_float8_array'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.float8[], pg_catalog.float8[]) IS
    'element-wise float8 sum a + b; overflow raises an error';

CREATE FUNCTION @extschema@.add(a pg_catalog.float8[], b pg_catalog.float8) RETURNS pg_catalog.float8[]
    AS 'MODULE_PATHNAME', 'pricemath_add_float8_scalar'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.add(pg_catalog.float8[], pg_catalog.float8) IS
    'float8 sum a + b for every element of a; overflow raises an error';
