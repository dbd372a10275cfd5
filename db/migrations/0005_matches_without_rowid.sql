-- Custom migration (drizzle cannot declare WITHOUT ROWID): the matches table is keyed by
-- (call_id, comune) and stored in that order, without a hidden rowid (docs/decisions/0060).
-- It is empty at this point, so it is simply recreated; keep in step with db/schema/matching.ts.
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
) WITHOUT ROWID;--> statement-breakpoint
CREATE INDEX `matches_comune_idx` ON `matches` (`comune`);
