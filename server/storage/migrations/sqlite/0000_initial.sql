CREATE TABLE `account_bans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`banned_at` integer NOT NULL,
	`expires_at` integer DEFAULT 0 NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`banned_by` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE INDEX `account_bans_account_idx` ON `account_bans` (`account_id`);--> statement-breakpoint
CREATE TABLE `account_data` (
	`account_id` integer NOT NULL,
	`character_guid` integer NOT NULL,
	`slot` integer NOT NULL,
	`time` integer NOT NULL,
	`size` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`account_id`, `character_guid`, `slot`)
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`salt` blob NOT NULL,
	`verifier` blob NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`gm_level` integer DEFAULT 0 NOT NULL,
	`flags` integer DEFAULT 0 NOT NULL,
	`expansion` integer DEFAULT 2 NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`lock_reason` text DEFAULT '' NOT NULL,
	`mute_until` integer DEFAULT 0 NOT NULL,
	`mute_reason` text DEFAULT '' NOT NULL,
	`last_ip` text DEFAULT '' NOT NULL,
	`last_login` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`session_key` blob,
	`session_key_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_name_uq` ON `accounts` (`name`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`realm_id` integer DEFAULT 0 NOT NULL,
	`actor` text NOT NULL,
	`actor_account_id` integer DEFAULT 0 NOT NULL,
	`action` text NOT NULL,
	`target` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`ip` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `characters` (
	`guid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`realm_id` integer NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`race` integer NOT NULL,
	`class` integer NOT NULL,
	`gender` integer NOT NULL,
	`skin` integer DEFAULT 0 NOT NULL,
	`face` integer DEFAULT 0 NOT NULL,
	`hair_style` integer DEFAULT 0 NOT NULL,
	`hair_color` integer DEFAULT 0 NOT NULL,
	`facial_hair` integer DEFAULT 0 NOT NULL,
	`level` integer DEFAULT 1 NOT NULL,
	`xp` integer DEFAULT 0 NOT NULL,
	`money` integer DEFAULT 0 NOT NULL,
	`map` integer NOT NULL,
	`zone` integer NOT NULL,
	`x` real NOT NULL,
	`y` real NOT NULL,
	`z` real NOT NULL,
	`orientation` real DEFAULT 0 NOT NULL,
	`instance_id` integer DEFAULT 0 NOT NULL,
	`bind_map` integer DEFAULT 0 NOT NULL,
	`bind_zone` integer DEFAULT 0 NOT NULL,
	`bind_x` real DEFAULT 0 NOT NULL,
	`bind_y` real DEFAULT 0 NOT NULL,
	`bind_z` real DEFAULT 0 NOT NULL,
	`guild_id` integer DEFAULT 0 NOT NULL,
	`char_flags` integer DEFAULT 0 NOT NULL,
	`at_login` integer DEFAULT 0 NOT NULL,
	`first_login` integer DEFAULT true NOT NULL,
	`equipment` text DEFAULT '[]' NOT NULL,
	`action_buttons` text DEFAULT '' NOT NULL,
	`played_total` integer DEFAULT 0 NOT NULL,
	`played_level` integer DEFAULT 0 NOT NULL,
	`online` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`logout_at` integer DEFAULT 0 NOT NULL,
	`saved_at` integer DEFAULT 0 NOT NULL,
	`deleted_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `characters_realm_name_uq` ON `characters` (`realm_id`,`name_key`);--> statement-breakpoint
CREATE INDEX `characters_account_idx` ON `characters` (`account_id`,`realm_id`);--> statement-breakpoint
CREATE TABLE `ip_bans` (
	`ip` text PRIMARY KEY NOT NULL,
	`banned_at` integer NOT NULL,
	`expires_at` integer DEFAULT 0 NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`banned_by` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plugin_data` (
	`plugin` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`plugin`, `key`)
);
--> statement-breakpoint
CREATE TABLE `realms` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`type` integer DEFAULT 0 NOT NULL,
	`flags` integer DEFAULT 0 NOT NULL,
	`timezone` integer DEFAULT 1 NOT NULL,
	`population` real DEFAULT 0 NOT NULL,
	`player_limit` integer DEFAULT 1000 NOT NULL,
	`online` integer DEFAULT 0 NOT NULL,
	`heartbeat_at` integer DEFAULT 0 NOT NULL,
	`started_at` integer DEFAULT 0 NOT NULL
);
