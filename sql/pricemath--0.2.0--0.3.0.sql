-- pricemath 0.2.0 -> 0.3.0: pricing rules, round 2 (untyped literals resolve
-- to numeric, price endings inside the cap, price ladders, billing-style
-- tiers, contracts that say why, currencies, allocation as a window
-- function, per-element rates, margin_of, discount_stack).
--
-- Each section below belongs to one feature; keep new objects in their
-- section.  The schema is fixed by the control file (schema = pricemath).

\echo Use "ALTER EXTENSION pricemath UPDATE TO '0.3.0'" to load this file. \quit

-- == Section A: overload resolution, scalar rounding defaults ================

-- == Section B: price endings inside the cap, price ladders, guard_report ====

-- == Section C: billing-style tiers ==========================================

-- == Section D: contracts that say why =======================================

-- == Section E: currencies, allocation window, per-element rates, margin_of,
--    discount_stack ==========================================================

-- == Section F: psql hygiene =================================================
