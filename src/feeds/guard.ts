// Which addresses the feeds may connect to. The feed's own URL, placed by an admin, may reach any
// address, and the addresses it resolved to are remembered; a URL named by feed content (a link, a
// redirect) may reach a public address, or the feed's own host at those remembered addresses. The
// check runs in undici's connector on the resolved addresses, so a hostname cannot hide where it goes.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector, type Dispatcher } from "undici";

/** Every address a hostname resolves to, as the connection would use them. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface AddressRules {
  resolve: Resolver;
  /** True for an address anyone on the internet could reach, the only kind feed content may name. */
  isPublic: (address: string) => boolean;
}

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/** Global unicast only: loopback, private, link-local, CGNAT, unique-local, multicast, documentation, NAT64, 6to4 and the rest are not public. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === "unicast";
}

/** ipaddr.js's name for the range (an IPv4-mapped IPv6 address is judged as the IPv4 address it carries). */
function addressRange(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).range() : "invalid";
}

export const PUBLIC_ONLY: AddressRules = { resolve: systemResolve, isPublic: isPublicAddress };

/** A connection the rules do not allow; the message names the host, the address and why. */
export class AddressRefused extends Error {
  override name = "AddressRefused";
  constructor(
    readonly hostname: string,
    readonly address: string,
    why: string,
  ) {
    super(`${hostname === address ? address : `${hostname} resolves to ${address}, which`} ${why}`);
  }
}

type Connector = buildConnector.connector;

/** The connections of one feed's fetch: `listed` for the admin's URL, `content` for everything its content names. */
export class FeedConnections {
  /** The addresses the feed's own host was reached at. */
  private readonly feedAddresses = new Set<string>();
  private readonly feedHost: string;
  readonly listed: Dispatcher;
  readonly content: Dispatcher;

  constructor(
    feedUrl: string,
    private readonly rules: AddressRules,
  ) {
    this.feedHost = bare(new URL(feedUrl).hostname);
    this.listed = new Agent({ connect: this.connector((_host, address) => void this.feedAddresses.add(address)) });
    this.content = new Agent({ connect: this.connector((host, address) => this.refusal(host, address)) });
  }

  async close(): Promise<void> {
    await Promise.all([this.listed.destroy(), this.content.destroy()]);
  }

  private refusal(hostname: string, address: string): AddressRefused | undefined {
    if (this.rules.isPublic(address)) return undefined;
    if (hostname === this.feedHost && this.feedAddresses.has(address)) return undefined;
    const range = addressRange(address);
    const what = range === "invalid" ? "is not an IP address" : `is not a public address (${range})`;
    const host = hostname === this.feedHost ? "the feed's host was not reached at it" : "it is not on the feed's host";
    return new AddressRefused(hostname, address, `${what} and ${host}`);
  }

  /** undici's own connector, with every address checked (by `check`) before the socket opens. */
  private connector(check: (hostname: string, address: string) => AddressRefused | undefined): Connector {
    const lookup: LookupFunction = (hostname, options, callback) => {
      this.rules.resolve(hostname).then(
        (addresses) => {
          const host = hostname.toLowerCase();
          const refused = addresses.map((a) => check(host, a.address)).find((r) => r !== undefined);
          if (refused) return callback(refused as NodeJS.ErrnoException, "", 0);
          if (addresses.length === 0)
            return callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), "", 0);
          if (options.all) return callback(null, addresses);
          const first = addresses[0] as LookupAddress;
          callback(null, first.address, first.family);
        },
        (err: NodeJS.ErrnoException) => callback(err, "", 0),
      );
    };
    const connect = buildConnector({ lookup } as buildConnector.BuildOptions);
    return (options, callback) => {
      const hostname = bare(options.hostname);
      // Node skips `lookup` for an IP literal, so a literal is checked here.
      const refused = isIP(hostname) ? check(hostname, hostname) : undefined;
      if (refused) return callback(refused, null);
      return connect(options, callback);
    };
  }
}

/** Lower-case, IPv6 without brackets: the form DNS and the address checks see. */
function bare(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}
