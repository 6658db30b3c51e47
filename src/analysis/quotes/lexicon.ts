// Word lists of attribution: speech verbs, titles that make up a role, group nouns, pronouns.
// Lower-case throughout; callers compare lower-cased tokens. The speech-verb list merges the
// Gender Gap Tracker allow-list, textacy's reporting verbs and the cues PolNeAR annotators marked
// most (see notes/quotes.md); verbs that only suggest an opinion (believe, think) are left out.

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

/** Verbs that introduce reported speech as well as direct quotes, in every inflection. */
export const CLAUSE_VERBS = words(`
  say says said saying tell tells told telling add adds added adding note notes noted noting
  stated stating explain explains explained explaining announce announces announced announcing
  claim claims claimed claiming argue argues argued arguing write writes wrote writing
  warn warns warned warning insist insists insisted insisting predict predicts predicted predicting
  acknowledge acknowledges acknowledged acknowledging suggest suggests suggested suggesting
  confirm confirms confirmed confirming deny denies denied denying admit admits admitted admitting
  allege alleges alleged alleging assert asserts asserted asserting boast boasts boasted boasting
  caution cautions cautioned cautioning complain complains complained complaining
  concede concedes conceded conceding conclude concludes concluded concluding contend contends contended contending
  counter counters countered countering declare declares declared declaring disclose discloses disclosed disclosing
  emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
  hint hints hinted hinting maintain maintains maintained maintaining observe observes observed observing
  pledge pledges pledged pledging promise promises promised promising recall recalls recalled recalling
  reiterate reiterates reiterated reiterating remark remarks remarked remarking
  reply replies replied replying respond responds responded responding retort retorts retorted retorting
  reveal reveals revealed revealing stress stresses stressed stressing testify testifies testified testifying
  tweet tweets tweeted tweeting vow vows vowed vowing report reports reported reporting
  mention mentions mentioned mentioning urge urges urged urging ask asks asked asking
  assure assures assured assuring inform informs informed informing remind reminds reminded reminding
  indicate indicates indicated indicating signal signals signaled signalled signaling
  estimate estimates estimated estimating describe describes described describing
  call calls called calling
`);

/**
 * Clause verbs that report speech only before "that", a colon or a quotation: "denied that …"
 * is speech, "denied the request" and "wrote a book" are not.
 */
export const THAT_VERBS = words(`
  deny denies denied denying respond responds responded responding reply replies replied replying
  counter counters countered countering maintain maintains maintained maintaining
  observe observes observed observing recall recalls recalled recalling reveal reveals revealed revealing
  hint hints hinted hinting mention mentions mentioned mentioning disclose discloses disclosed disclosing
  remark remarks remarked remarking write writes wrote writing indicate indicates indicated indicating
  signal signals signaled signalled signaling estimate estimates estimated estimating
  add adds added adding ask asks asked asking boast boasts boasted boasting
`);

/** Words besides "that" that open reported content: "asked whether …". */
export const CONTENT_OPENERS = words(`that whether if why how what when where who`);

/** Verbs that attribute only a quotation next to them ("“…,” he continued."). */
export const QUOTE_ONLY_VERBS = words(`
  continue continues continued joke jokes joked quip quips quipped exclaim exclaims exclaimed
  shout shouts shouted yell yells yelled whisper whispers whispered chant chants chanted
  cried read reads posted answer answers answered laughed
  recount recounts recounted repeat repeats repeated summarized commented
`);

/** "pointed out" is speech; "pointed" alone is not. */
export const POINT_VERBS = words(`point points pointed pointing`);

/**
 * Verbs that always take the person spoken to before the content: "told Fox News the deal …".
 * Others (warn, ask) take one only before "that", which the content search finds anyway.
 */
export const ADDRESSEE_VERBS = words(`
  tell tells told telling assure assures assured assuring inform informs informed informing
  remind reminds reminded reminding
`);

/**
 * Verbs that put a question to someone: in "asked the mayor whether …" the person asked is skipped
 * and the question is the content. "asked voters to …" stays out: PolNeAR marks the person asked
 * as content about as often as not, and precision dropped on both halves of quotes-dev.
 */
export const QUESTION_VERBS = words(`ask asks asked asking`);

/** Forms that are nouns as often as verbs: they count only when tagged as a verb. */
export const NOUN_LIKE = words(`
  claims notes reports remarks promises tweets answers counters stresses estimates
  signals reads pledges vows
`);

/**
 * Words that make up a role before a name ("U.S. Treasury Secretary", "Sen.") or after it in an
 * appositive ("founder of …"). Honorifics are titles but not roles.
 */
export const TITLE_WORDS = words(`
  president vice secretary minister representative senator sen sen. rep rep. gov gov. governor
  mayor sheikh chairman chairwoman chair director spokesman spokeswoman spokesperson leader speaker judge
  justice ambassador commissioner officer chief ceo cfo coo professor prof prof. general gen gen.
  attorney adviser advisor counselor candidate nominee founder co-founder host anchor pope king
  queen prince princess emir sheriff lt lt. col col. capt capt. sgt sgt. rev rev. deputy manager strategist
  pollster analyst economist correspondent editor columnist executive treasurer chancellor premier
  congressman congresswoman councilman councilwoman councilor councillor delegate whip lawmaker trustee
  commander admiral rabbi bishop cardinal coach owner head president-elect frontrunner front-runner
  contender hopeful consultant lawyer expert fellow researcher scientist activist organizer
  chairperson official aide staffer operative donor chairman-elect historian author engineer
  teacher doctor nurse pastor farmer partner principal superintendent inspector detective
  investigator secretary-general negotiator envoy diplomat member
`);

export const HONORIFICS = words(`mr mr. mrs mrs. ms ms. mx mx. dr dr. sir dame lord lady`);

/** Capitalised modifiers that belong to a role, not to the name after them. */
export const ROLE_MODIFIERS = words(`
  former acting then-president then-candidate republican democratic democrat gop independent
  libertarian conservative liberal progressive u.s. us american chinese russian british french german
  israeli iranian mexican canadian european japanese korean indian federal state senate house white
  trade treasury defense homeland justice foreign finance commerce labor energy interior education
  health transportation agriculture national security press deputy assistant senior top majority
  minority ranking democratic-leaning campaign
`);

/** Nouns for groups and organisations that speak: "officials said", "the campaign said". */
export const GROUP_WORDS = words(`
  officials official sources source aides aide advisers people lawmakers democrats republicans
  americans analysts experts critics supporters voters residents police authorities administration
  campaign government ministry department spokesman spokeswoman spokesperson statement report
  reports study poll survey committee agency company party office group organization commission
  council court white house senate congress pentagon kremlin network newspaper paper post times
  journal news reuters cnn nbc abc cbs msnbc fox bbc ap afp associated press union coalition
  observers diplomats investigators prosecutors officers leaders members activists protesters
  economists researchers scientists data memo letter filing lawsuit complaint documents document
  team staff spokespeople representatives
`);

/** Words that end an organisation's name: a run containing one is not a person. */
export const ORGANISATION_WORDS = words(`
  house news party department committee campaign post times journal agency ministry office council
  university institute association network inc inc. corp corp. group bureau administration
  commission court senate congress pentagon kremlin reuters cnn nbc abc cbs msnbc fox bbc ap afp
  press foundation center centre club union fund bank board service services organization
  coalition caucus command police guard army navy force forces company co. llc ltd street
  gazette tribune herald review magazine radio tv television daily weekly channel website
  republicans democrats
`);

export const PERSON_PRONOUNS = words(`he she`);
/** Speakers never reported: the writer, the reader, or a group that includes them. */
export const EXCLUDED_PRONOUNS = words(`i me we us you myself ourselves yourself yourselves`);
export const GROUP_PRONOUNS = words(`they them`);

/**
 * Conjunctions that open a clause of time or cause, not of content: "said as he left the stage",
 * "told aides while drafting the speech".
 */
export const CIRCUMSTANCE_OPENERS = words(`as while after before because since until once`);
/** Subjects that, after a circumstance opener, start a clause rather than a noun ("as a candidate"). */
export const CIRCUMSTANCE_SUBJECTS = words(`he she they it we i you the`);

/** Words between a verb and its content that carry no content: "said on Sunday that". */
export const ADJUNCT_WORDS = words(`
  also later then again previously repeatedly recently earlier publicly privately separately
  today yesterday tonight monday tuesday wednesday thursday friday saturday sunday
  on in at during after before while through via to with from over by for of into
  a an the this that last next week weekend month year morning afternoon evening night day
  statement interview email e-mail letter press conference release speech rally hearing call
  phone radio television tv show program appearance briefing post tweet message video remarks
  reporters journalists
`);

/** Where or how a statement was made: "in a statement", "during a rally", "on TV". */
export const MEDIUM_WORDS = words(`
  statement interview email e-mail letter conference release speech rally hearing call phone radio
  television tv show program appearance briefing post tweet message video remarks
`);

/** Pronouns and determiners that cannot be part of a name. */
export const NON_NAME = words(`
  neither nor both either not also even only just all some many most several other another such
  every each any no none one two three four five six seven eight nine ten first last new
  the a an this that these those his her their its our my your he she it they we i you who which
  and or but if when while as of in on at for to with by from despite during after before unlike like
  monday tuesday wednesday thursday friday saturday sunday january february march april may june
  july august september october november december
`);

/**
 * Lower-case particles inside personal names: "Ursula von der Leyen", "Mohammed bin Salman",
 * "Luiz Inácio Lula da Silva". "al-" is written joined to the next word ("Abdel Fattah al-Sisi").
 */
export const NAME_PARTICLES = words(`von van der den de da das dos du del della di bin bint ibn le la al`);

/**
 * Common East Asian family names, written first: "He Yadong", "Kim Jong Un", "Lee Jae-myung". One
 * of them before a capitalised name word opens the name even when it is also an English word or
 * pronoun ("He", "Ma", "Park", "Long").
 */
export const FAMILY_NAMES = words(`
  li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng liang
  xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su
  lu ding ren shen yao lu jin fu xi qin kim lee park choi jung kang cho yoon jang lim shin oh seo
  kwon hwang ahn moon yi nguyen tran le pham hoang phan vu vo dang bui ngo duong ly
`);

/**
 * Names that are also common words ("Theresa May", "April Ryan", "Will Smith"): next to another
 * name word they are part of the name, not a month or an auxiliary.
 */
export const COMMON_WORD_NAMES = words(`may june april august will`);

/** Nouns for a body's spokesperson: "a Hartley & Sons spokeswoman" speaks for Hartley & Sons. */
export const MOUTHPIECE_WORDS = words(`spokesman spokeswoman spokesperson spokespeople`);

/**
 * What a claim can be "according to" without anyone saying it: "according to data from
 * Eurostat" names Eurostat as the source, "according to figures" names none.
 */
export const SOURCE_NOUNS = words(`
  data figures figure survey surveys estimates estimate report reports statistics numbers study
  studies poll polls analysis research census records record documents filings projections forecast
  forecasts tally count calculations
`);

/** Conjunctions that join two clauses or two verbs of one speaker: "…, and added", "said X but". */
export const COORDINATORS = words(`and but`);

/** Words opening a relative clause: an appositive holding one is kept (", a step that would …"). */
export const TAIL_RELATIVES = words(`that which who whom whose where when`);

/** Dashes that set off a signature or a parenthesis: "“…” ― Jane Doe", "- Jane Doe:". */
export const DASHES = words(`- — – ―`);
