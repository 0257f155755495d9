CREATE TABLE `analytics_daily` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`metric` text NOT NULL,
	`dimension` text NOT NULL,
	`dimension_id` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`site_id`, `metric`, `dimension`, `dimension_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `analytics_post_timeline` (
	`site_id` text NOT NULL,
	`post_id` text NOT NULL,
	`submitted_at` integer,
	`published_at` integer,
	PRIMARY KEY(`site_id`, `post_id`)
);
--> statement-breakpoint
CREATE INDEX `analytics_timeline_published_idx` ON `analytics_post_timeline` (`site_id`,`published_at`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text,
	`event_id` text,
	`event_type` text,
	`reason` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dead_letters_time_idx` ON `dead_letters` (`received_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`site_id` text NOT NULL,
	`type` text NOT NULL,
	`version` integer NOT NULL,
	`aggregate_type` text NOT NULL,
	`aggregate_id` text NOT NULL,
	`aggregate_version` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`correlation_id` text NOT NULL,
	`causation_id` text,
	`payload` text NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_site_time_idx` ON `events` (`site_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_aggregate_idx` ON `events` (`site_id`,`aggregate_type`,`aggregate_id`);--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`site_id`,`type`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_correlation_idx` ON `events` (`site_id`,`correlation_id`);--> statement-breakpoint
CREATE INDEX `events_unsent_idx` ON `events` (`seq`) WHERE sent_at IS NULL;--> statement-breakpoint
CREATE TABLE `notification_deliveries` (
	`notification_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`notification_id`, `channel`),
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`site_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`enabled` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `user_id`, `kind`, `channel`)
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`event_id` text NOT NULL,
	`post_id` text,
	`title` text NOT NULL,
	`created_at` integer NOT NULL,
	`read_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_event_user_uq` ON `notifications` (`event_id`,`user_id`,`kind`);--> statement-breakpoint
CREATE INDEX `notifications_inbox_idx` ON `notifications` (`site_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` text NOT NULL,
	`event_id` text NOT NULL,
	`site_id` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`consumer`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_events_site_idx` ON `processed_events` (`site_id`,`consumer`);