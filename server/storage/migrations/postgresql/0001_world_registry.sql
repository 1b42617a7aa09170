CREATE TABLE "world_instances" (
	"realm_id" integer NOT NULL,
	"map" integer NOT NULL,
	"instance_id" integer NOT NULL,
	"instance_key" text NOT NULL,
	"host" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "world_instances_realm_id_map_instance_id_pk" PRIMARY KEY("realm_id","map","instance_id")
);
--> statement-breakpoint
CREATE TABLE "world_players" (
	"realm_id" integer NOT NULL,
	"guid" integer NOT NULL,
	"host" text NOT NULL,
	"map" integer NOT NULL,
	"instance_id" integer NOT NULL,
	"gateway_id" bigint NOT NULL,
	"session_id" integer NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "world_players_realm_id_guid_pk" PRIMARY KEY("realm_id","guid")
);
--> statement-breakpoint
CREATE INDEX "world_players_host_idx" ON "world_players" USING btree ("realm_id","host");