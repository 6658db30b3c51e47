// Interactions → commands. The router is the one place that answers Discord: it parses options
// into the typed arguments a command's definition promises, defers when a command runs long,
// fits every payload to Discord's limits, and catches every error (logged with context, answered
// ephemerally). Commands only compute a Reply from plain arguments and the context.
import {
  type ApplicationCommandOptionType,
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { Logger } from "../log.js";
import { StoreError } from "../store-error.js";
import { fitChoices, fitMessage, type OutgoingMessage, type StringChoice } from "./limits.js";
import { discordOutcome } from "./outcomes.js";

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

type ValueOf<O> = O extends { choices: readonly { value: infer V }[] }
  ? V
  : O extends { type: ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Number }
    ? number
    : O extends { type: ApplicationCommandOptionType.Boolean }
      ? boolean
      : // Strings, and users/channels/roles, which arrive as their snowflake ids.
        string;

/** The arguments a definition's options promise: required ones present, the rest possibly undefined. */
export type OptionsOf<D> = D extends { options: readonly (infer O)[] }
  ? {
      [K in O as K extends { name: infer N extends string } ? N : never]: K extends { required: true }
        ? ValueOf<K>
        : ValueOf<K> | undefined;
    }
  : Record<string, unknown>;

/** What a command answers: one message or several (the rest become follow-ups), public or ephemeral. */
export interface Reply {
  messages: [OutgoingMessage, ...OutgoingMessage[]];
  ephemeral: boolean;
}

export function reply(first: OutgoingMessage, ...rest: OutgoingMessage[]): Reply {
  return { messages: [first, ...rest], ephemeral: false };
}

/** A short answer only the user sees: "no such article", "nothing to show"… */
export function notice(text: string): Reply {
  return { messages: [{ content: text }], ephemeral: true };
}

export interface Focused {
  name: string;
  value: string;
}

export interface Command<Ctx, D extends CommandDefinition = CommandDefinition> {
  data: D;
  /**
   * Every answer is private. Discord fixes ephemerality with the first response, so the router
   * needs to know before it defers: such a command's deferral is private too.
   */
  ephemeral?: boolean;
  execute(args: OptionsOf<D>, ctx: Ctx, interaction: ChatInputCommandInteraction): Reply | Promise<Reply>;
  autocomplete?(
    focused: Focused,
    ctx: Ctx,
    interaction: AutocompleteInteraction,
  ): StringChoice[] | Promise<StringChoice[]>;
}

export interface RouterOptions {
  /** Defer the reply when a command has not answered after this long; 0 defers every command first. */
  deferAfterMs?: number;
}

/** Well inside Discord's 3 s window for the first response, with room for a slow network. */
const DEFAULT_DEFER_AFTER_MS = 1_000;
const FAILURE_TEXT = "Something went wrong while answering this command. It has been logged; please try again.";
/** A failed store write changed nothing (each write is one atomic record), so the user is told so. */
const STORE_FAILURE_TEXT =
  "Nothing was changed: the bot cannot use its storage right now. This has been logged for the bot's operator; please try again later.";

export class Router<Ctx> {
  private readonly byName: ReadonlyMap<string, Command<Ctx>>;
  private readonly deferAfterMs: number;

  constructor(
    commands: readonly Command<Ctx>[],
    private readonly ctx: Ctx,
    private readonly log: Logger,
    options: RouterOptions = {},
  ) {
    this.byName = new Map(commands.map((c) => [c.data.name, c]));
    this.deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  }

  /** The interactionCreate listener. Never rejects: every failure is logged and answered here. */
  readonly handle = async (interaction: Interaction): Promise<void> => {
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    if (!interaction.isChatInputCommand()) return;
    const context = logContext(interaction);
    const started = performance.now();
    try {
      const command = this.byName.get(interaction.commandName);
      const answer = command
        ? await this.runDeferring(interaction, command.ephemeral === true, () =>
            command.execute(this.argsOf(command, interaction), this.ctx, interaction),
          )
        : notice(`This server has an outdated /${interaction.commandName}; ask an admin to redeploy the commands.`);
      await this.send(interaction, answer);
      this.log.debug({ ...context, ms: Math.round(performance.now() - started) }, "Answered command");
    } catch (err) {
      const outcome = discordOutcome(err);
      this.log.error({ ...context, err, outcome }, "Command failed");
      // An expired interaction's token is dead: another call would only fail again.
      if (outcome !== "interaction-expired")
        await this.apologise(interaction, context, err instanceof StoreError ? STORE_FAILURE_TEXT : FAILURE_TEXT);
    }
  };

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    try {
      const focused = interaction.options.getFocused(true);
      const choices =
        (await this.byName
          .get(interaction.commandName)
          ?.autocomplete?.({ name: focused.name, value: String(focused.value) }, this.ctx, interaction)) ?? [];
      await interaction.respond(fitChoices(choices));
    } catch (err) {
      this.log.error(
        { ...logContext(interaction), err, outcome: discordOutcome(err), autocomplete: true },
        "Autocomplete failed",
      );
    }
  }

  /** Options by name, read generically from the command's own definition. */
  private argsOf<D extends CommandDefinition>(
    command: Command<Ctx, D>,
    interaction: ChatInputCommandInteraction,
  ): OptionsOf<D> {
    const args = Object.fromEntries(
      (command.data.options ?? []).map((o) => [o.name, interaction.options.get(o.name)?.value]),
    );
    // Discord validated the values against this same definition (types, choices, ranges).
    return args as OptionsOf<D>;
  }

  private async runDeferring(
    interaction: ChatInputCommandInteraction,
    ephemeral: boolean,
    run: () => Reply | Promise<Reply>,
  ): Promise<Reply> {
    const defer = () => interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    if (this.deferAfterMs <= 0) {
      await defer();
      return run();
    }
    let deferral: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      deferral = defer();
      // Awaited below; this only keeps a failure from being reported as unhandled in between.
      deferral.catch(() => undefined);
    }, this.deferAfterMs);
    try {
      return await run();
    } finally {
      clearTimeout(timer);
      await deferral;
    }
  }

  private async send(interaction: ChatInputCommandInteraction, answer: Reply): Promise<void> {
    const first = fitMessage(answer.messages[0]);
    const rest = answer.messages.slice(1).map(fitMessage);
    const flags = answer.ephemeral ? MessageFlags.Ephemeral : undefined;
    if (!interaction.deferred) await interaction.reply({ ...first, flags });
    else if (!answer.ephemeral || interaction.ephemeral) await interaction.editReply(first);
    else {
      // A public deferral made the response public; a notice meant for one user must not land there.
      await interaction.deleteReply();
      await interaction.followUp({ ...first, flags });
    }
    for (const message of rest) await interaction.followUp({ ...message, flags });
  }

  private async apologise(interaction: ChatInputCommandInteraction, context: LogContext, text: string): Promise<void> {
    const apology = { ...fitMessage({ content: text }), flags: MessageFlags.Ephemeral } as const;
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(apology);
      else await interaction.reply(apology);
    } catch (err) {
      this.log.warn(
        { ...context, err, outcome: discordOutcome(err) },
        "Could not tell the user about a failed command",
      );
    }
  }
}

type LogContext = { command: string; guildId: string | null; userId: string };

/** Who ran what where: on every log line about an interaction. */
function logContext(interaction: ChatInputCommandInteraction | AutocompleteInteraction): LogContext {
  return { command: interaction.commandName, guildId: interaction.guildId, userId: interaction.user.id };
}
