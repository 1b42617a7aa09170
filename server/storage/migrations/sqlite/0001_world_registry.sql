CREATE TABLE `world_instances` (
	`realm_id` integer NOT NULL,
	`map` integer NOT NULL,
	`instance_id` integer NOT NULL,
	`instance_key` text NOT NULL,
	`host` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`realm_id`, `map`, `instance_id`)
);
--> statement-breakpoint
CREATE TABLE `world_players` (
	`realm_id` integer NOT NULL,
	`guid` integer NOT NULL,
	`host` text NOT NULL,
	`map` integer NOT NULL,
	`instance_id` integer NOT NULL,
	`gateway_id` integer NOT NULL,
	`session_id` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`realm_id`, `guid`)
);
--> statement-breakpoint
CREATE INDEX `world_players_host_idx` ON `world_players` (`realm_id`,`host`);