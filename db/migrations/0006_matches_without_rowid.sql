-- Custom migration (drizzle cannot declare WITHOUT ROWID): the matches table is keyed by
-- (call_id, comune) and stored in that order, without a hidden rowid, and has no secondary
-- index (docs/decisions/0060). It is empty at this point, so it is simply recreated; keep it in
-- step with db/schema/matching.ts. At a renumbering it must stay right after the generated
-- migration that creates the table.
DROP TABLE `matches`;--> statement-breakpoint
CREATE TABLE `matches` (
	`call_id` integer NOT NULL,
	`comune` integer NOT NULL,
	`score` integer NOT NULL,
	`p_programmazione` integer NOT NULL,
	`p_maturita` integer NOT NULL,
	`p_importo` integer NOT NULL,
	`p_tempi` integer NOT NULL,
	`p_dimensione` integer NOT NULL,
	`p_segnalazioni` integer NOT NULL,
	`associated` integer NOT NULL,
	`claimable` real,
	`run_id` integer NOT NULL,
	PRIMARY KEY(`call_id`, `comune`)
) WITHOUT ROWID;
