-- Asserted events with coordinates: the stated location, else the recipient country, else the actor country.
SELECT v.event_date, v.event_type, a.canonical_name AS actor, r.canonical_name AS recipient,
       coalesce(l.canonical_name, r.canonical_name, a.canonical_name) AS place,
       coalesce(l.lat, r.lat, a.lat) AS lat,
       coalesce(l.lon, r.lon, a.lon) AS lon,
       CASE WHEN l.lat IS NOT NULL THEN 'location' WHEN r.lat IS NOT NULL THEN 'recipient' ELSE 'actor' END AS geo_source
FROM events v
LEFT JOIN entities a ON a.entity_id = v.actor_entity_id
LEFT JOIN entities r ON r.entity_id = v.recipient_entity_id
LEFT JOIN entities l ON l.entity_id = v.location_entity_id
WHERE v.mode = 'asserted' AND coalesce(l.lat, r.lat, a.lat) IS NOT NULL
ORDER BY v.event_date, v.event_type, actor;
