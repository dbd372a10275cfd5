-- Custom migration: a revision number of what public pages show (docs/decisions/0074). Every
-- insert, update or delete in the tables a comune's dashboard reads bumps it, by trigger, in the
-- writer's own transaction and whatever the connection or process (the server, the ingest CLI,
-- the match jobs); the page cache (app/server/page-cache.server.ts) keeps a rendered page only
-- while the number is unchanged. The matches table has no trigger (millions of rows per
-- re-match): its rows are only written inside a match run, whose match_runs row is inserted and
-- then updated in the same transaction. A new table that a public page reads needs its triggers
-- here (tests/integration/page-cache.test.ts checks the list against the schema).
CREATE TABLE `content_revision` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`value` integer NOT NULL
);--> statement-breakpoint
INSERT INTO `content_revision` (`id`, `value`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `content_revision_comuni_insert` AFTER INSERT ON `comuni` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_comuni_update` AFTER UPDATE ON `comuni` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_comuni_delete` AFTER DELETE ON `comuni` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_aggregations_insert` AFTER INSERT ON `aggregations` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_aggregations_update` AFTER UPDATE ON `aggregations` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_aggregations_delete` AFTER DELETE ON `aggregations` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_aggregation_members_insert` AFTER INSERT ON `aggregation_members` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_aggregation_members_update` AFTER UPDATE ON `aggregation_members` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_aggregation_members_delete` AFTER DELETE ON `aggregation_members` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_themes_insert` AFTER INSERT ON `themes` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_themes_update` AFTER UPDATE ON `themes` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_themes_delete` AFTER DELETE ON `themes` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_calls_insert` AFTER INSERT ON `calls` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_calls_update` AFTER UPDATE ON `calls` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_calls_delete` AFTER DELETE ON `calls` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_sources_insert` AFTER INSERT ON `call_sources` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_sources_update` AFTER UPDATE ON `call_sources` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_sources_delete` AFTER DELETE ON `call_sources` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_programme_items_insert` AFTER INSERT ON `programme_items` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_programme_items_update` AFTER UPDATE ON `programme_items` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_programme_items_delete` AFTER DELETE ON `programme_items` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_maturity_entries_insert` AFTER INSERT ON `maturity_entries` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_maturity_entries_update` AFTER UPDATE ON `maturity_entries` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_maturity_entries_delete` AFTER DELETE ON `maturity_entries` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_funding_records_insert` AFTER INSERT ON `funding_records` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_funding_records_update` AFTER UPDATE ON `funding_records` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_funding_records_delete` AFTER DELETE ON `funding_records` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_peer_comparisons_insert` AFTER INSERT ON `peer_comparisons` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_peer_comparisons_update` AFTER UPDATE ON `peer_comparisons` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_peer_comparisons_delete` AFTER DELETE ON `peer_comparisons` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_match_runs_insert` AFTER INSERT ON `match_runs` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_match_runs_update` AFTER UPDATE ON `match_runs` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_match_runs_delete` AFTER DELETE ON `match_runs` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_scoring_configs_insert` AFTER INSERT ON `scoring_configs` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_scoring_configs_update` AFTER UPDATE ON `scoring_configs` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_scoring_configs_delete` AFTER DELETE ON `scoring_configs` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_dismissals_insert` AFTER INSERT ON `dismissals` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_dismissals_update` AFTER UPDATE ON `dismissals` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_dismissals_delete` AFTER DELETE ON `dismissals` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_tracking_insert` AFTER INSERT ON `call_tracking` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_tracking_update` AFTER UPDATE ON `call_tracking` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_tracking_delete` AFTER DELETE ON `call_tracking` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_text_models_insert` AFTER INSERT ON `text_models` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_text_models_update` AFTER UPDATE ON `text_models` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_text_models_delete` AFTER DELETE ON `text_models` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_vectors_insert` AFTER INSERT ON `call_vectors` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_vectors_update` AFTER UPDATE ON `call_vectors` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_call_vectors_delete` AFTER DELETE ON `call_vectors` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_programme_item_vectors_insert` AFTER INSERT ON `programme_item_vectors` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_programme_item_vectors_update` AFTER UPDATE ON `programme_item_vectors` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `content_revision_programme_item_vectors_delete` AFTER DELETE ON `programme_item_vectors` BEGIN UPDATE `content_revision` SET `value` = `value` + 1 WHERE `id` = 1; END;
