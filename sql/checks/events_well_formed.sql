-- Event type, quad class and mode come from the closed vocabularies; the evidence lies inside the text.
SELECT v.event_id, v.event_type, v.quad_class, v.mode, v.start_char, v.end_char
FROM events v JOIN articles a USING (article_id)
WHERE v.partition_date = $partition_date
  AND (v.event_type NOT IN ('AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
                            'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT')
       OR v.quad_class NOT IN ('verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict')
       OR v.mode NOT IN ('asserted', 'negated', 'future', 'hypothetical')
       OR v.start_char < 0 OR v.end_char > length(a.text) OR v.start_char >= v.end_char)
