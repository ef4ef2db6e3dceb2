-- The owner's category a transaction names: by id (wanted), or else by path (wanted_path, "name" or "parent/name" as
-- the domain wrote it), ignoring case; a path that names no category creates it, and its parent when missing.
-- Called by transactions_track_changes, which holds the owner's lock (every write of the owner takes it first), so two
-- writes never create the same category. Everything it touches belongs to the owner: on Citus it stays on their shard.
CREATE OR REPLACE FUNCTION category_of(owner uuid, wanted uuid, wanted_path text, OUT id uuid, OUT path text)
LANGUAGE plpgsql AS $$
DECLARE
    v_parent uuid;
    v_parent_path text;
    v_name text;
    v_new uuid;
    v_step int;
BEGIN
    IF wanted IS NOT NULL THEN
        SELECT c.id, c.path INTO id, path FROM categories c WHERE c.user_id = owner AND c.id = wanted;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no such category of the owner'
                USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_transactions_categories_user_id_category_id';
        END IF;
        RETURN;
    END IF;

    SELECT c.id, c.path INTO id, path FROM categories c WHERE c.user_id = owner AND c.normalized_path = lower(wanted_path);
    IF FOUND THEN
        RETURN;
    END IF;

    -- Step 1 finds or creates the parent (when there is one), step 2 the category itself.
    FOR v_step IN 1..2 LOOP
        CONTINUE WHEN v_step = 1 AND position('/' IN wanted_path) = 0;
        v_name := CASE WHEN v_step = 1 THEN split_part(wanted_path, '/', 1)
                       WHEN position('/' IN wanted_path) > 0 THEN split_part(wanted_path, '/', 2)
                       ELSE wanted_path END;
        IF v_step = 1 THEN
            SELECT c.id, c.path INTO v_parent, v_parent_path FROM categories c
            WHERE c.user_id = owner AND c.normalized_path = lower(v_name);
            CONTINUE WHEN FOUND;
        END IF;

        -- A version 7 UUID, as the application makes them: the time in milliseconds, then random bits.
        v_new := encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                     PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
                     52, 1), 53, 1), 'hex')::uuid;
        INSERT INTO categories AS c (id, user_id, parent_id, name, path, rollover, created_at, updated_at, version)
        VALUES (v_new, owner, CASE WHEN v_step = 2 THEN v_parent END, v_name,
                CASE WHEN v_step = 2 AND v_parent IS NOT NULL THEN v_parent_path || '/' || v_name ELSE v_name END,
                'none', now(), now(), gen_random_uuid())
        RETURNING c.id, c.path INTO v_parent, v_parent_path;
    END LOOP;

    id := v_parent;
    path := v_parent_path;
END;
$$;
