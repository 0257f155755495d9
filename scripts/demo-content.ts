// Demo content for "The Edge Dispatch", the sample publication the seed script loads into a fresh Lede site.
// Plain data only: no imports, so the seed script (and anything else) can read it without pulling in the Worker.

export interface DemoAuthor {
  key: string;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'editor' | 'author' | 'contributor';
  bio: string;
  website: string | null;
  location: string | null;
}

export interface DemoCategory {
  slug: string;
  name: string;
  description: string;
  /** Slug of the parent category, or null for a top-level category. */
  parent: string | null;
}

export interface DemoPost {
  type: 'post' | 'page';
  title: string;
  slug: string;
  /** DemoAuthor.key of the primary author. */
  author: string;
  /** More DemoAuthor keys, after the primary author. */
  coAuthors?: string[];
  /** Tag names; may include one internal tag such as '#featured-home'. */
  tags: string[];
  /** DemoCategory slugs. */
  categories: string[];
  featured?: boolean;
  contentFormat?: 'article' | 'video' | 'gallery' | 'podcast';
  customExcerpt?: string;
  /** Absolute https URL. */
  featureImage?: string;
  featureImageAlt?: string;
  /** Published this many days before the seed runs (0-120); ignored for drafts and scheduled posts. */
  daysAgo: number;
  status: 'published' | 'draft' | 'review' | 'scheduled';
  /** For status 'scheduled': how many hours after the seed the post goes live. */
  scheduleInHours?: number;
  metaDescription?: string;
  customFields?: Record<string, string | number | boolean>;
  markdown: string;
}

export const DEMO_PASSWORD = 'lede-demo-password';

export const DEMO_SITE = {
  title: 'The Edge Dispatch',
  description: 'Stories about the web, the planet and the people building both.',
  navigation: [
    { label: 'Home', url: '/' },
    { label: 'Technology', url: '/category/technology/' },
    { label: 'Science', url: '/category/science/' },
    { label: 'Culture', url: '/category/culture/' },
    { label: 'Travel', url: '/category/travel/' },
    { label: 'About', url: '/about/' },
    { label: 'Contact', url: '/contact/' },
  ],
};

export const DEMO_AUTHORS: DemoAuthor[] = [
  {
    key: 'maya',
    name: 'Maya Chen',
    email: 'owner@lede.example',
    role: 'owner',
    bio: 'Founder and publisher of The Edge Dispatch. Maya spent a decade building newsroom tools before deciding the tools themselves deserved a newsroom. She writes about the open web, independent media and the infrastructure underneath both.',
    website: 'https://lede.example',
    location: 'Vancouver, Canada',
  },
  {
    key: 'jonas',
    name: 'Jonas Weber',
    email: 'jonas@lede.example',
    role: 'editor',
    bio: 'Managing editor. Former backend engineer, lifelong copy-editor at heart. Jonas looks after the publishing schedule, the style guide and the podcast, and still reviews the occasional pull request.',
    website: null,
    location: 'Berlin, Germany',
  },
  {
    key: 'amara',
    name: 'Amara Okafor',
    email: 'amara@lede.example',
    role: 'author',
    bio: 'Science and climate writer. Amara trained as an environmental engineer and now reports on the practical side of the energy transition: heat, air, buildings and the people who measure them.',
    website: 'https://amara.lede.example',
    location: 'Lagos, Nigeria',
  },
  {
    key: 'luis',
    name: 'Luis Ortega',
    email: 'luis@lede.example',
    role: 'author',
    bio: 'Front-end developer and web platform writer. Luis cares about fast pages, accessible forms and explaining HTTP to people who would rather not think about it.',
    website: 'https://luis.lede.example',
    location: 'Valencia, Spain',
  },
  {
    key: 'sofia',
    name: 'Sofia Rossi',
    email: 'sofia@lede.example',
    role: 'contributor',
    bio: 'Freelance travel writer and slow-travel advocate. Sofia works from wherever the train stops and files dispatches about cities, cafés and the books she packs for them.',
    website: null,
    location: 'Bologna, Italy',
  },
];

export const DEMO_CATEGORIES: DemoCategory[] = [
  {
    slug: 'technology',
    name: 'Technology',
    description: 'How the web and the tools behind it are built, deployed and kept running.',
    parent: null,
  },
  {
    slug: 'web-platform',
    name: 'Web Platform',
    description: 'HTML, CSS, HTTP and browser APIs: practical guides to the platform everyone builds on.',
    parent: 'technology',
  },
  {
    slug: 'ai',
    name: 'AI',
    description: 'Machine learning in practice, with an eye on what it is actually good for.',
    parent: 'technology',
  },
  {
    slug: 'culture',
    name: 'Culture',
    description: 'Publishing, open source communities and the ideas that shape how we work online.',
    parent: null,
  },
  {
    slug: 'books',
    name: 'Books',
    description: 'Reading lists, reviews and the books that changed how we think.',
    parent: 'culture',
  },
  {
    slug: 'science',
    name: 'Science',
    description: 'Research, measurement and the practice of finding things out.',
    parent: null,
  },
  {
    slug: 'climate',
    name: 'Climate',
    description: 'The energy transition, from heat pumps to the carbon cost of the things we build.',
    parent: 'science',
  },
  {
    slug: 'travel',
    name: 'Travel',
    description: 'Slow travel, remote work and dispatches from the road.',
    parent: null,
  },
];

export const DEMO_POSTS: DemoPost[] = [
  {
    type: 'post',
    title: 'What belongs at the edge, and what doesn’t',
    slug: 'what-belongs-at-the-edge',
    author: 'maya',
    tags: ['Edge Computing', 'Opinion', '#featured-home'],
    categories: ['technology'],
    featured: true,
    contentFormat: 'article',
    customExcerpt:
      'Running code close to readers is a superpower, until that code has to talk to a database on another continent. A short guide to deciding where work should happen.',
    daysAgo: 2,
    status: 'published',
    metaDescription: 'A practical framework for deciding which parts of a web application should run at the edge.',
    markdown: `This publication runs on servers spread across hundreds of cities. When you loaded this page, the code that rendered it probably ran somewhere within a few milliseconds of you. That is wonderful, and it is also the easiest way to make a site *slower* if you are not careful about what you put there.

## The rule of thumb: work goes where its data lives

Latency is mostly a function of round trips. A function running next to the reader that makes five sequential queries to a database in a single region pays the long-haul cost five times. The same function running next to the database pays it once, on the way back to the reader. Before moving anything to the edge, ask a simple question: *how many times does this code need to talk to something that isn't here?*

## Good candidates for the edge

- **Routing and redirects.** Deciding where a request should go needs nothing but the request itself.
- **Serving cached pages.** Published articles change rarely; serving them from a nearby cache is the single biggest speed win most sites can get.
- **Authentication checks.** Verifying a signed token is pure computation. Rejecting a bad request early saves a trip to the origin.
- **Small personalisation.** Swapping a "Sign in" button for an avatar in an otherwise cached page is cheap and local.
- **Image resizing and format negotiation.** CPU-bound, cacheable and close to the bytes being sent.

## Things that usually shouldn't be

- **Chatty transactions.** Anything that reads, decides, writes and reads again wants to sit beside its database.
- **A single source of truth.** Counters, locks and "exactly once" jobs need one place that is authoritative. Spreading them across every location invites races.
- **Long, heavy jobs.** Rebuilding a search index or transcoding audio belongs in a queue, not in the request path.

> The edge is not a place to put your whole application. It is a place to put the *decisions* that don't need to ask anyone else.

## How we apply this to Lede

Lede, the platform behind this site, follows the same split. Rendering a published post is a cache-friendly read. Writing a post goes to the database, and scheduling is handled by a single coordinator per site, so a post set for 9:00 goes live exactly once, no matter how many locations are serving traffic at that moment.

If you want to dig deeper, Cloudflare's documentation on [Smart Placement](https://developers.cloudflare.com/workers/configuration/smart-placement/) is a good explanation of the trade-off, and the same reasoning applies to any provider. Measure first, then move work to where the round trips are shortest.`,
  },
  {
    type: 'post',
    title: 'Caching & "freshness": a field guide',
    slug: 'caching-and-freshness-a-field-guide',
    author: 'luis',
    tags: ['Performance', 'Guides', 'Edge Computing', '#featured-home'],
    categories: ['web-platform'],
    featured: true,
    contentFormat: 'article',
    customExcerpt:
      'Every cached response answers two questions: how long is it fresh, and what happens when it isn’t? Here is how to answer both on purpose.',
    daysAgo: 5,
    status: 'published',
    metaDescription:
      'A practical guide to HTTP caching: Cache-Control directives, revalidation and patterns that work.',
    customFields: { reading_level: 'intermediate', series: 'HTTP in practice' },
    markdown: `> There are only two hard things in Computer Science: cache invalidation and naming things.
> — Phil Karlton

HTTP caching has a reputation for being mysterious, but the model underneath is small. Every stored response is either **fresh**, meaning a cache may serve it without asking anyone, or **stale**, meaning the cache should check with the origin first. Nearly every header you will ever set is about moving the line between those two states.

## Freshness and validation

Freshness is set by the \`Cache-Control\` header. A response with \`max-age=300\` is fresh for five minutes after it was generated. Once it goes stale, a cache can *revalidate* it cheaply: it sends the stored \`ETag\` in an \`If-None-Match\` header (or the \`Last-Modified\` date in \`If-Modified-Since\`), and if nothing has changed the origin answers \`304 Not Modified\` with no body.

## The directives you will actually use

| Directive | Who obeys it | What it means |
| --- | --- | --- |
| \`max-age=N\` | All caches | Fresh for N seconds |
| \`s-maxage=N\` | Shared caches (CDNs, proxies) | Overrides \`max-age\` for shared caches only |
| \`no-cache\` | All caches | May store, but must revalidate before every use |
| \`no-store\` | All caches | Do not store the response at all |
| \`private\` | Shared caches | Only the browser may keep a copy |
| \`stale-while-revalidate=N\` | Caches that support it | Serve stale for up to N seconds while refreshing in the background |
| \`immutable\` | Browsers | Don’t revalidate while fresh, even on reload |

The most common mistake is reading \`no-cache\` as "don't cache". It means "always ask first". If you truly never want a copy kept, use \`no-store\`.

## Three patterns that cover most sites

1. **Fingerprinted assets** (\`app.3f9c1a.js\`): \`public, max-age=31536000, immutable\`. The file name changes whenever the content does, so the old version can live forever.
2. **Published HTML**: a short browser lifetime with a longer shared one, such as \`public, max-age=0, s-maxage=300, stale-while-revalidate=60\`, plus a purge whenever an editor publishes.
3. **Anything personal**: \`private, no-store\`. Account pages and previews should never land in a shared cache.

## Check what you are really sending

Your framework, your CDN and your origin can all rewrite headers. Look at the response that actually reaches the reader:

\`\`\`bash
curl -sI https://example.com/ | grep -iE '^(cache-control|etag|last-modified|age|vary):'

# Simulate a revalidation with the ETag you got back
curl -sI https://example.com/ -H 'If-None-Match: "abc123"'
\`\`\`

An \`Age\` header tells you the response came from a cache and how long it has been there. A broad \`Vary\` header (for example on \`Cookie\`) quietly turns one cache entry into thousands.

For the full details, MDN's [HTTP caching guide](https://developer.mozilla.org/en-US/docs/Web/HTTP/Caching) is excellent, and [RFC 9111](https://www.rfc-editor.org/rfc/rfc9111) is surprisingly readable when you need the final word.`,
  },
  {
    type: 'post',
    title: 'A practical guide to the View Transitions API',
    slug: 'a-practical-guide-to-the-view-transitions-api',
    author: 'luis',
    tags: ['Design', 'Guides'],
    categories: ['web-platform'],
    contentFormat: 'article',
    customExcerpt:
      'Smooth, app-like transitions between pages used to need a framework. Now the browser can do most of the work, with a few lines of CSS.',
    daysAgo: 9,
    status: 'published',
    metaDescription: 'How to use the View Transitions API for same-document and cross-document animations.',
    markdown: `For years, animating between two states of a page meant keeping both states in the DOM at once, measuring them, and choreographing the movement yourself. The **View Transitions API** flips that around: the browser takes a snapshot of the old state, lets you change the page, takes a snapshot of the new state, and animates between them.

## Same-document transitions

In a single-page app, wrap the DOM update in \`document.startViewTransition()\`. Because support is not yet universal, always keep a plain fallback:

\`\`\`ts
function updateView(render: () => void): void {
  if (!('startViewTransition' in document)) {
    render();
    return;
  }
  document.startViewTransition(render);
}

updateView(() => {
  list.replaceChildren(...sortedItems);
});
\`\`\`

By default you get a cross-fade of the whole page. That alone makes filter and sort interactions feel calmer.

## Cross-document transitions

For an ordinary multi-page site like a blog, you don't need any JavaScript at all. Opt both pages in with CSS:

\`\`\`css
@view-transition {
  navigation: auto;
}

::view-transition-old(root),
::view-transition-new(root) {
  animation-duration: 180ms;
}

@media (prefers-reduced-motion: reduce) {
  ::view-transition-group(*),
  ::view-transition-old(*),
  ::view-transition-new(*) {
    animation: none;
  }
}
\`\`\`

This only applies to same-origin navigations, which is exactly what you want for moving between an index and an article.

## Making an image "fly" between pages

Give an element the same \`view-transition-name\` on both pages and the browser will morph it from one position to the other. On the index page, set it on the card image; on the article, set the same name on the hero image. Names must be **unique within a page**, so include the post id, for example \`style="view-transition-name: post-42"\`.

## Things to watch

- Keep transitions short. Anything over a quarter of a second starts to feel like waiting.
- Always respect \`prefers-reduced-motion\`, as in the snippet above.
- Don't put \`view-transition-name\` on hundreds of elements; each one is captured and animated separately.
- Treat it as progressive enhancement. Browsers without support simply navigate as they always have.

MDN's [View Transition API reference](https://developer.mozilla.org/en-US/docs/Web/API/View_Transition_API) keeps an up-to-date compatibility table, and it is worth checking before you lean on the newer cross-document features.`,
  },
  {
    type: 'post',
    title: 'Café culture in Lisbon: notes from a remote-work month',
    slug: 'cafe-culture-in-lisbon-notes-from-a-remote-work-month',
    author: 'sofia',
    tags: ['Guides', 'Opinion'],
    categories: ['travel', 'culture'],
    contentFormat: 'gallery',
    customExcerpt:
      'A month of bicas, steep streets and borrowed tables: what I learned about working from Lisbon’s cafés without overstaying my welcome.',
    daysAgo: 14,
    status: 'published',
    metaDescription: 'Notes on working remotely from Lisbon cafés: etiquette, neighbourhoods and what to order.',
    customFields: { photo_count: 6, city: 'Lisbon' },
    markdown: `I arrived in Lisbon with a laptop, a list of cafés from friends and a plan to work from a different table every day. By the end of the first week I had learned that the city's café culture is generous, but it has rules, and most of them are unwritten.

## Learn what to order

Coffee in Lisbon is quick, strong and cheap. Ask for *uma bica* and you will get a short espresso, usually drunk standing at the counter. A *galão* is milky coffee served in a tall glass, the closest thing to a latte in a traditional café. And the *pastel de nata* needs no introduction; I will only say that a warm one, dusted with cinnamon, is worth the queue.

## Not every café is an office

The classic *pastelarias* are built for turnover: a coffee, a pastry, a conversation, and out. Opening a laptop there at lunchtime is a good way to earn a look from the staff. The newer specialty coffee shops in neighbourhoods like Príncipe Real, Anjos and Arroios are a different story; many have long tables, power sockets and owners who are happy to host remote workers, within reason.

My own rules, after a month of trial and error:

- Buy something every couple of hours, not one coffee for a whole day.
- Take calls outside, or not at all.
- Ask before plugging in, and never take the last table at lunch.
- If there's a sign saying *sem computadores* (no computers), believe it.

## The gallery

The photos in this post follow a single day, from the first bica to the last light:

1. Morning light on the counter of a neighbourhood pastelaria.
2. The 28 tram squeezing through Graça, as seen from a café window.
3. A shared table in Anjos, with three laptops and one very patient cat.
4. Tiles, *azulejos*, on a staircase I climbed more times than I can count.
5. Late afternoon at the Miradouro da Senhora do Monte.
6. The walk home along the river at Cais do Sodré.

## What I'd do differently

> Work in the morning, walk in the afternoon. Lisbon rewards anyone who lets the hills set the pace.

Lisbon is built on hills, and I underestimated them. Picking one neighbourhood and getting to know three or four cafés well would have been better than crossing the city every day. The regulars started to nod at me in my third week; I wish I had stayed put sooner.

If you are planning a similar month, the official [Visit Lisboa](https://www.visitlisboa.com/) site is a good starting point for neighbourhoods and transport, and a transport card will save you a lot of fiddling with tickets. Obrigada, Lisbon. I'll be back, with better shoes.`,
  },
  {
    type: 'post',
    title: 'Heat pumps, explained without the hype',
    slug: 'heat-pumps-explained-without-the-hype',
    author: 'amara',
    tags: ['Climate Tech', 'Guides'],
    categories: ['climate'],
    featured: true,
    contentFormat: 'article',
    customExcerpt:
      'Heat pumps don’t make heat, they move it. Understanding that one idea answers most of the questions people ask about them.',
    daysAgo: 18,
    status: 'published',
    metaDescription: 'How heat pumps work, what efficiency really means, and the questions to ask an installer.',
    markdown: `Few technologies have been praised and doubted as loudly as the heat pump. Depending on who you ask, it is either the answer to decarbonising homes or an expensive box that can't cope with winter. The truth is less exciting and more useful.

## The one idea you need

A heat pump works like a refrigerator running in reverse. Your fridge pulls heat *out* of a cold box and dumps it into your kitchen. A heat pump pulls heat out of the outdoor air (or the ground) and moves it inside. Because it is *moving* heat rather than creating it by burning something, it can deliver more energy as heat than it consumes as electricity.

That ratio is called the **coefficient of performance** (COP). A COP of 3 means three units of heat for every unit of electricity. It is not a fixed number: it depends on how cold it is outside and how hot the water or air inside needs to be. The smaller the gap between the two, the more efficient the pump.

## "Do they work in the cold?"

Yes, with a caveat. Modern units keep working well below freezing and are widely used in cold climates. Efficiency does fall as the outdoor temperature drops, which is why a proper sizing calculation matters more than the brand on the box.

## The types, briefly

- **Air-to-water**: an outdoor unit feeds a wet heating system of radiators or underfloor pipes. The most common retrofit for homes with boilers.
- **Air-to-air**: often sold as air conditioners that also heat. Quick to install, great for rooms and flats, but they don't make hot water.
- **Ground-source**: pipes buried in the garden or in a borehole. More efficient in deep winter, more expensive to install.

## Questions to ask an installer

1. Will you do a room-by-room **heat loss calculation**, rather than sizing from the old boiler?
2. What **flow temperature** will the system run at, and do any radiators need upgrading to work at it?
3. Where will the outdoor unit go, and how loud will it be at the neighbour's window?
4. What controls will I get, and how should I run it? (Usually: low and steady, not on and off.)

> A heat pump installed well in an ordinary house beats a perfect heat pump installed badly in any house.

Insulation and draught-proofing help every heating system, but you don't need a passive house to benefit. For a sober overview, the U.S. Department of Energy's [heat pump guide](https://www.energy.gov/energysaver/heat-pump-systems) is a good, vendor-neutral place to start.`,
  },
  {
    type: 'post',
    title: 'The Dispatch Podcast: keeping an open-source project healthy',
    slug: 'dispatch-podcast-keeping-an-open-source-project-healthy',
    author: 'jonas',
    coAuthors: ['luis'],
    tags: ['Interview', 'Open Source'],
    categories: ['culture', 'technology'],
    contentFormat: 'podcast',
    customExcerpt:
      'Jonas and Luis talk about issue triage, saying no kindly, and why the most important file in a repository might be CONTRIBUTING.md.',
    daysAgo: 23,
    status: 'published',
    metaDescription: 'Podcast episode on open-source maintenance: triage, boundaries, documentation and funding.',
    customFields: { episode: 7, duration_minutes: 41, explicit: false },
    markdown: `In this episode, managing editor **Jonas Weber** sits down with front-end writer **Luis Ortega**, who has maintained a handful of small open-source libraries for years. We talk about what it actually takes to keep a project healthy once the initial excitement fades, and how to do it without burning out.

## In this episode

- **00:00** Introductions, and how Luis ended up maintaining a library he didn't write
- **04:30** Issue triage: labels, templates and the "needs reproduction" rule
- **12:15** Saying no to feature requests without sounding like a gatekeeper
- **19:40** Why documentation is the cheapest maintainer you will ever hire
- **27:05** Releases, changelogs and semantic versioning in practice
- **33:50** Money: sponsorships, grants and being honest about time
- **38:20** What we'd tell someone publishing their first package

## Highlights

On triage, Luis's advice is to make the *default* answer cheap. An issue template that asks for a version number and a minimal reproduction does more than any amount of late-night debugging. Issues without one get a friendly, pre-written reply and a label, and they close themselves after a couple of weeks if nothing happens.

> "Every feature you merge is a feature you maintain forever. Saying no is not unkind; it's honest about the future."

On documentation, we agree that a good \`CONTRIBUTING.md\` file is worth more than a clever build. It should say how to run the tests, what kinds of change are welcome, and how long people should expect to wait for a review. Setting that expectation up front prevents most of the frustration on both sides.

On money, Luis is candid: sponsorship rarely replaces a salary, but it changes the relationship. A small monthly sponsor is a signal that someone depends on the project, and that makes it easier to prioritise the boring work of keeping dependencies up to date.

## Links mentioned

- [Open Source Guides](https://opensource.guide/), GitHub's collection of practical advice for maintainers
- [Choose a License](https://choosealicense.com/), for the question everyone puts off
- [Contributor Covenant](https://www.contributor-covenant.org/), a widely used code of conduct
- [Keep a Changelog](https://keepachangelog.com/), a simple convention we both use

## Listen and subscribe

The Dispatch Podcast is published every other week. You can follow it in any podcast app through the feed linked at the bottom of this page. If you have a question for a future episode, the [contact page](/contact/) is the best way to reach us.`,
  },
  {
    type: 'post',
    title: 'Privacy-friendly analytics: what you actually need to measure',
    slug: 'privacy-friendly-analytics-what-you-actually-need',
    author: 'jonas',
    tags: ['Privacy', 'Guides'],
    categories: ['web-platform'],
    contentFormat: 'article',
    customExcerpt:
      'Most publications need to answer five questions about their readers. None of them require tracking anyone across the web.',
    daysAgo: 29,
    status: 'published',
    metaDescription:
      'How to measure what matters for a publication without cookies, fingerprinting or third-party trackers.',
    markdown: `When we started this publication, we made a list of the questions we wanted our analytics to answer. It was a short list, and it turned out that none of the answers required following readers around the internet.

## The questions that matter

1. Which posts are people reading this week?
2. Where did they come from: search, social, newsletters, other sites?
3. Are people finishing articles, or bouncing after a paragraph?
4. How many readers sign up for the newsletter, and from which posts?
5. Is the site fast for the people reading it?

Notice what is *not* on the list: who a reader is, what else they read elsewhere, or how to find them again on another site. Leaving those out is not only kinder; it also means no cookie banner, less personal data to protect and a smaller legal surface.

## Counting without identifying

You can count unique visitors per day without storing anything that identifies them. The idea, popularised by privacy-focused analytics tools, is to hash a few request properties together with a salt that rotates every day and is then thrown away:

\`\`\`ts
async function dailyVisitorId(ip: string, userAgent: string, host: string, salt: string): Promise<string> {
  const input = new TextEncoder().encode(\`\${salt}|\${host}|\${ip}|\${userAgent}\`);
  const digest = await crypto.subtle.digest('SHA-256', input);
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}
\`\`\`

The raw IP address is never written anywhere. Once yesterday's salt is deleted, yesterday's identifiers cannot be linked to anyone, even by you.

## Practical tips

- **Count on the server or at the edge.** Requests reach you anyway; you don't need a third-party script to see them. This also counts readers who block scripts.
- **Use the \`Referer\` header, not tracking parameters**, for traffic sources, and respect the reader's referrer policy.
- **Measure reading with one small event**, such as "scrolled past the end of the article", rather than recording every scroll position.
- **Aggregate early.** Store daily counts per page, not raw events, unless you have a specific reason.
- **Write down your retention period** and actually delete old data.

> If you wouldn't be comfortable explaining a metric to the reader it describes, you probably don't need it.

For the regulatory side, the UK Information Commissioner's Office has a clear [guide to cookies and similar technologies](https://ico.org.uk/for-organisations/direct-marketing-and-privacy-and-electronic-communications/guide-to-pecr/cookies-and-similar-technologies/). It is written for UK law, but the reasoning travels well.`,
  },
  {
    type: 'post',
    title: 'Reading list: six books on cities, water and a warming world',
    slug: 'reading-list-cities-water-and-a-warming-world',
    author: 'amara',
    tags: ['Reading List', 'Climate Tech'],
    categories: ['books', 'climate'],
    contentFormat: 'article',
    customExcerpt:
      'From rising seas to the quiet heroism of public libraries: the books I recommend most often to people who want to understand climate and cities.',
    daysAgo: 35,
    status: 'published',
    metaDescription: 'Six recommended books on climate change, cities and adaptation, from journalism to fiction.',
    markdown: `People often ask me where to start reading about climate change without drowning in either despair or jargon. These six books are the ones I hand out most often. They are not a syllabus; they are a conversation, and they disagree with each other in useful ways.

## The list

1. **_The Water Will Come_ by Jeff Goodell (2017).** A reporter's tour of coastal cities, from Miami to Lagos, facing sea-level rise. It is vivid about the physical risk and sharp about the politics of who gets protected first.

2. **_Palaces for the People_ by Eric Klinenberg (2018).** Not a climate book on the surface, but an argument that libraries, parks and other "social infrastructure" decide how communities survive disasters. It changed how I think about resilience.

3. **_Under a White Sky_ by Elizabeth Kolbert (2021).** A clear-eyed look at humanity's attempts to fix problems caused by earlier fixes, from river engineering to proposals for dimming the sun. Unsettling and often very funny.

4. **_The Ministry for the Future_ by Kim Stanley Robinson (2020).** A novel told through many voices, imagining the decades after a catastrophic heatwave. Dense, sometimes frustrating, and full of ideas that stay with you.

5. **_Not the End of the World_ by Hannah Ritchie (2024).** A data scientist's case for grounded optimism. Useful as a counterweight to doom, and careful about the difference between "better than we feared" and "good enough".

6. **_Braiding Sweetgrass_ by Robin Wall Kimmerer (2013).** A botanist and member of the Citizen Potawatomi Nation writes about reciprocity between people and plants. The least technical book here, and possibly the most important.

## How to read them

If you only have time for one, start with *Palaces for the People*; it is the most hopeful and the most practical. If you want the physical science, pair Goodell's reporting with Ritchie's charts and notice where they agree.

> Adaptation is not a technology. It is a set of decisions about who is protected, and who decides.

I'd also encourage borrowing rather than buying where you can. Your local library is, fittingly, a small piece of the social infrastructure Klinenberg describes. Sites like [Open Library](https://openlibrary.org/) can help you find editions and borrow digitally.

Have a book that belongs on this list? Tell us through the [contact page](/contact/); a follow-up list of reader recommendations is already in the works.`,
  },
  {
    type: 'post',
    title: 'Designing for slow networks',
    slug: 'designing-for-slow-networks',
    author: 'luis',
    tags: ['Design', 'Performance'],
    categories: ['web-platform'],
    contentFormat: 'article',
    customExcerpt:
      'Your readers are on trains, in basements and on prepaid data plans. Designing for them makes the site better for everyone.',
    daysAgo: 41,
    status: 'published',
    metaDescription:
      'Design and engineering techniques for websites that stay usable on slow and unreliable connections.',
    markdown: `Most of us build websites on fast laptops connected to fast Wi-Fi, and then we are surprised when readers complain. The fix starts with empathy, and then becomes a set of very concrete habits.

## Feel it yourself first

Open your browser's developer tools, find the network throttling menu, and pick a slow mobile profile. Then load your homepage with the cache disabled and *wait*. Watch what appears first, what jumps around, and how long it takes before you can actually read a headline. Ten minutes of this is more persuasive than any report.

## Text first, everything else later

The words are the reason people came. Everything else should get out of their way:

- **Inline the critical CSS** for the first screen, and load the rest without blocking rendering.
- **Don't hide text while fonts load.** Use \`font-display: swap\` so the fallback font shows immediately.
- **Lazy-load images below the fold** with \`loading="lazy"\`, and always set \`width\` and \`height\` so the layout doesn't shift when they arrive.
- **Serve responsive images** with \`srcset\` and \`sizes\`, so a phone never downloads a desktop-sized hero.

\`\`\`css
@font-face {
  font-family: 'Source Serif';
  src: url('/fonts/source-serif.woff2') format('woff2');
  font-display: swap;
}

img {
  max-width: 100%;
  height: auto;
}
\`\`\`

## Set a budget and keep it

Decide how much your pages are allowed to weigh, including JavaScript, and write it down. A budget turns "this new widget seems fine" into a real trade-off conversation. If something new goes in, something else has to come out.

## Design the failure states

Slow networks are also *unreliable* networks. Good design covers what happens when a request fails halfway:

1. Forms should keep what the reader typed if submission fails.
2. Buttons should show progress, and must not be pressed twice by accident.
3. Error messages should say what happened in plain words, and offer a retry.

> A page that loads slowly but loads the words first feels fast. A page that loads everything at once feels broken until it doesn't.

Google's [Web Vitals](https://web.dev/articles/vitals) give you names for these experiences (how quickly the main content appears, how stable the layout is, how responsive the page feels), and they are a good shared vocabulary for designers and developers. But the real test is still a slow phone, a crowded train and a reader who just wants to read.`,
  },
  {
    type: 'post',
    title: 'How we think about AI in our newsroom',
    slug: 'how-we-think-about-ai-in-our-newsroom',
    author: 'maya',
    tags: ['Opinion', 'Privacy'],
    categories: ['ai', 'culture'],
    contentFormat: 'article',
    customExcerpt: 'Our policy on AI tools fits on one page. Here it is, along with the reasoning behind each line.',
    daysAgo: 48,
    status: 'published',
    metaDescription: 'The Edge Dispatch editorial policy on using AI tools, and why we wrote it the way we did.',
    markdown: `Readers and contributors keep asking us the same question: *do you use AI?* The honest answer is "yes, for some things, and never for others". We wrote the details down, and we think the reasoning is as useful as the rules.

## What we use it for

- **Transcription.** Turning interview recordings into rough text is tedious, and automatic tools are good at it. A human always checks quotes against the audio before they are published.
- **Search and research assistance.** Finding a paper we half remember, or summarising a long public document so we know which sections to read carefully.
- **First drafts of alt text.** A tool can suggest a description of an image; an editor rewrites it so that it says what matters *in context*.
- **Copy-editing suggestions**, treated like any other spell checker: accepted or rejected one by one.

## What we don't use it for

- **Writing articles.** Everything published under a byline here was written by that person.
- **Generating quotes, sources or facts.** Language models can produce fluent text that is simply wrong. In journalism, that is not a quirk; it is the whole problem.
- **Creating photographs of real events.** Illustrations are labelled as illustrations.
- **Training on our contributors' work** without their explicit, written permission.

## Why draw the line here

The common thread is **accountability**. When we publish something, a named person stands behind every sentence and can explain where it came from. Tools that help that person work faster are welcome. Tools that would make it unclear who is responsible are not.

> Our readers don't trust a process. They trust people who are willing to be wrong in public and correct themselves.

We also think about privacy. Interview recordings and unpublished drafts are sensitive, so we prefer tools that run locally or that contractually don't retain our data. When in doubt, the recording stays on our own machines.

## This will change

The tools are changing quickly and so will this policy. When it does, we will update this post, note the date of the change at the top, and explain what changed and why. If you think we have drawn a line in the wrong place, we genuinely want to hear it. Useful background reading includes the [Associated Press](https://www.ap.org/) standards on generative AI and the work of journalism organisations such as the [Reuters Institute](https://reutersinstitute.politics.ox.ac.uk/).`,
  },
  {
    type: 'post',
    title: 'Video: building a newsletter signup form that respects readers',
    slug: 'video-newsletter-signup-form-that-respects-readers',
    author: 'luis',
    tags: ['Design', 'Privacy', 'Guides'],
    categories: ['web-platform'],
    contentFormat: 'video',
    customExcerpt:
      'A twelve-minute walkthrough of an accessible, honest signup form: the right input types, clear errors and no dark patterns.',
    daysAgo: 55,
    status: 'published',
    metaDescription:
      'Video walkthrough: building an accessible, privacy-respecting newsletter signup form in plain HTML.',
    customFields: { duration_minutes: 12, captions: true },
    markdown: `The newsletter signup form is often the only form a reader ever fills in on a publication. It deserves more care than it usually gets. In this video, Luis builds one from scratch in plain HTML, then improves it step by step. These notes summarise what he covers, so you can follow along or skim.

## Chapters

1. **The minimum viable form** – a label, an input and a button
2. **Input types and autofill** – letting the browser and password manager help
3. **Errors people can understand** – and that screen readers announce
4. **Honesty** – saying what people will get, and how often
5. **Double opt-in** – why confirming the address protects everyone

## The markup

Here is where the video ends up. Nothing in it needs a framework:

\`\`\`html
<form action="/newsletter/subscribe" method="post">
  <label for="email">Email address</label>
  <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="email-hint" />
  <p id="email-hint">One email every Friday. Unsubscribe with a single click.</p>
  <button type="submit">Subscribe</button>
</form>
\`\`\`

A few details are doing a lot of work here:

- \`type="email"\` brings up the right keyboard on phones and gives you basic validation for free.
- \`autocomplete="email"\` lets the browser fill in the address, which matters a lot on small screens.
- The visible \`<label>\` is not optional. Placeholder text disappears as soon as someone starts typing.
- \`aria-describedby\` connects the hint to the input, so screen reader users hear it too.

## Things we deliberately left out

- **No pre-ticked boxes.** Consent to extra mailing lists must be an active choice.
- **No pop-up the moment the page loads.** Let people read something first.
- **No "No thanks, I hate saving money" buttons.** Declining should be as easy and neutral as accepting.

> If your signup rate depends on tricking people, your unsubscribe rate will tell you eventually.

## After the click

The form should post to the server and work without JavaScript. Then send a confirmation email, and only add the address to the list once the link in it is clicked. This double opt-in stops typos and stops people signing others up against their will.

For more on accessible forms, the [W3C Web Accessibility Initiative tutorial](https://www.w3.org/WAI/tutorials/forms/) is thorough, and MDN's [form validation guide](https://developer.mozilla.org/en-US/docs/Learn/Forms/Form_validation) covers the built-in browser checks used here. The video has full captions; a transcript is available on request.`,
  },
  {
    type: 'post',
    title: 'Small models, local machines: AI you can run yourself',
    slug: 'small-models-local-machines-ai-you-can-run-yourself',
    author: 'jonas',
    tags: ['Open Source', 'Privacy', 'Guides'],
    categories: ['ai'],
    contentFormat: 'article',
    customExcerpt:
      'Not every task needs the biggest model in the biggest data centre. For tagging, summarising and sorting, a small model on your laptop can be enough.',
    daysAgo: 62,
    status: 'published',
    metaDescription: 'When small, locally run language models are good enough, how to try one, and how to evaluate it.',
    markdown: `Most conversations about AI focus on the largest models, run by a handful of companies in enormous data centres. But a lot of everyday editorial work is small: suggest a few tags, summarise a press release, sort reader emails into folders. For tasks like these, an open model running on your own computer can be surprisingly capable.

## Why run a model locally?

- **Privacy.** Drafts, interview notes and reader messages never leave your machine.
- **Predictable cost.** No per-request bill, and no surprise when a script runs in a loop overnight.
- **Offline work.** Useful on a train, and on the days your connection is the weakest link.
- **Control.** You choose the model version, and it doesn't change under you.

The trade-off is capability. Small models are worse at long reasoning, obscure facts and nuanced writing. They are best at *narrow* tasks where you can check the output quickly.

## Trying one in five minutes

Tools like [Ollama](https://ollama.com/) and [llama.cpp](https://github.com/ggml-org/llama.cpp) make it easy to download and run open models. With Ollama installed, this is all it takes:

\`\`\`bash
# Download a small general-purpose model and ask it something
ollama pull llama3.2
ollama run llama3.2 "Suggest three short topic tags for an article about heat pumps in cold climates."

# Feed it a file from the command line
cat draft.md | ollama run llama3.2 "Summarise this draft in two sentences."
\`\`\`

## Evaluate on your own work

Public benchmarks tell you little about *your* task. Build a tiny test set instead:

1. Collect twenty or thirty real examples, such as past articles with the tags an editor chose.
2. Run the model on each one and save the output.
3. Compare side by side, and write down where it helps and where it misleads.

If it matches your editors most of the time and its mistakes are easy to spot, it is probably a useful assistant. If its errors are subtle, it will cost more time than it saves.

> Use small models for suggestions, never for decisions. A person should always be the one who clicks "publish".

## A note on quantisation

Local models are usually distributed in *quantised* form, which stores weights at lower precision so they fit in ordinary memory. Smaller files run faster but lose some quality. Start with a middle-of-the-road option, and only go smaller if your machine struggles.

Our own policy on where AI fits in our work is in [How we think about AI in our newsroom](/how-we-think-about-ai-in-our-newsroom/).`,
  },
  {
    type: 'post',
    title: 'Taking the night train: a practical guide to sleeper travel in Europe',
    slug: 'taking-the-night-train-sleeper-travel-in-europe',
    author: 'sofia',
    tags: ['Guides', 'Climate Tech'],
    categories: ['travel'],
    contentFormat: 'article',
    customExcerpt:
      'Go to sleep in one country, wake up in another. Everything I wish I had known before my first overnight train.',
    daysAgo: 69,
    status: 'published',
    metaDescription:
      'How to book and enjoy a European sleeper train: compartments, packing, sleep and border crossings.',
    markdown: `There is a particular pleasure in boarding a train in the evening, watching a city slide away, and waking up somewhere else entirely. Night trains have made a comeback in Europe in recent years, and for many trips they are the most relaxing way to cover a long distance without flying. Here is what I've learned from a few dozen nights on the rails.

## Choose your compartment

Most sleeper trains offer three levels of comfort:

- **Seats.** The cheapest option, and fine if you can sleep anywhere. Most people can't.
- **Couchettes.** Shared compartments of four or six bunks with bedding provided. Good value, and often sociable. Some operators offer women-only compartments on request.
- **Sleepers.** Private compartments with one to three proper beds, sometimes with a washbasin or even a shower. The most expensive, and the closest to a hotel room.

If it's your first trip, a couchette is a good compromise. You'll sleep better than you expect.

## Book early, but not too early

Sleeper trains have few beds, and the cheapest ones go first. Booking windows vary by operator, so note when tickets open for your dates. Austria's ÖBB, which runs the Nightjet network, is a good place to start for many routes across central Europe.

The single best resource for planning is [The Man in Seat 61](https://www.seat61.com/), a long-running, independent guide to train travel with route-by-route advice on how and where to book.

## What to pack

1. Earplugs and an eye mask. Trains are not silent, and corridor lights stay on.
2. A small bag with what you need overnight, so your main luggage can stay stowed.
3. Water and a snack. Onboard catering varies a lot, and the buffet may close early.
4. A light layer. Compartments can be warm at midnight and chilly at dawn.
5. Your passport or ID card, even within the Schengen area. Checks still happen.

## On board

Staff will usually take your ticket, and sometimes your passport, in the evening so you aren't woken at borders. Lock the compartment door from the inside at night, and keep valuables in your bunk with you. Breakfast, if included, is often simple: coffee, a roll and jam, eaten as the countryside rolls past.

> The slowness is the point. You aren't losing a day to travel; you are gaining a night.

## Expect the unexpected

Night trains can run late, and connections on the far end can be tight. Leave slack in your plans for the morning after. Campaign groups like [Back on Track](https://back-on-track.eu/) track new routes and changes, which is useful when timetables shift from season to season.`,
  },
  {
    type: 'post',
    title: 'The carbon cost of a web page',
    slug: 'the-carbon-cost-of-a-web-page',
    author: 'amara',
    coAuthors: ['luis'],
    tags: ['Climate Tech', 'Performance'],
    categories: ['climate', 'web-platform'],
    contentFormat: 'article',
    customExcerpt:
      'Estimates of a web page’s emissions vary wildly. The good news is that the things that reduce them are things you should be doing anyway.',
    daysAgo: 77,
    status: 'published',
    metaDescription:
      'What we know about the emissions of websites, why estimates differ, and practical ways to reduce them.',
    markdown: `Every time someone loads a web page, electricity is used: in the data centre that serves it, in the networks that carry it, and in the device that displays it. It is reasonable to ask how much carbon that adds up to. It is much harder to get a precise answer.

## Why the numbers disagree

If you search for "carbon per page view", you'll find figures that differ by an order of magnitude or more. That's not because anyone is being dishonest. Estimates depend on choices that are genuinely uncertain:

- **What counts.** Only data centres? Networks too? The reader's phone? The energy used to *manufacture* that phone?
- **How energy scales with data.** Networks use a lot of power even when idle, so the extra energy from one more megabyte is debated.
- **Where and when.** The same page served from a grid full of wind and hydro has a very different footprint from one powered by coal.

Models such as the Sustainable Web Design model, and open-source libraries like [CO2.js](https://www.thegreenwebfoundation.org/co2-js/) from the Green Web Foundation, make their assumptions explicit. That makes them useful for *comparing* versions of your own site, even if no single number is the truth.

## What actually helps

The reassuring part is that the practical advice barely depends on which model you believe. Lighter, simpler pages are better for the planet, for your readers' data plans and for your performance scores:

1. **Ship less JavaScript.** It has to be downloaded, parsed and executed on every device.
2. **Compress and resize images.** Modern formats like AVIF and WebP, with \`srcset\`, avoid sending pixels nobody sees.
3. **Avoid autoplaying video.** Let readers choose to press play.
4. **Cache aggressively.** A response served from a nearby cache skips work at the origin and across long-distance links.
5. **Audit third-party scripts.** Each one brings its own downloads, and often its own trackers.
6. **Choose a host** that publishes where its energy comes from.

> The greenest byte is the one you never send.

## Keep it in proportion

A single page view is a tiny amount of energy. The point isn't guilt; it is scale. A popular page is loaded millions of times, and the decisions made once in a design meeting are repeated with every visit. That's exactly where a little care goes a long way.

If you want to check your own hosting, the Green Web Foundation's [green web check](https://www.thegreenwebfoundation.org/green-web-check/) is a quick start. For a broader view, see our guide to [designing for slow networks](/designing-for-slow-networks/); almost every recommendation there helps here too.`,
  },
  {
    type: 'post',
    title: 'Why we publish in the open',
    slug: 'why-we-publish-in-the-open',
    author: 'maya',
    tags: ['Open Source', 'Opinion'],
    categories: ['culture'],
    contentFormat: 'article',
    customExcerpt:
      'Our publishing platform is open source, our style guide is public and our corrections are visible. Here’s why transparency is a feature, not a risk.',
    daysAgo: 85,
    status: 'published',
    metaDescription:
      'Why The Edge Dispatch runs on open-source software and publishes its style guide and corrections openly.',
    markdown: `When we started The Edge Dispatch, we made three decisions before we wrote a single article. We would run on open-source software. We would publish our style guide. And we would make every correction visible, with a date and an explanation. Several people told us this was unnecessary. A few told us it was risky. We still think it was the best decision we made.

## Open software

This site runs on **Lede**, an open-source publishing platform. Anyone can read the code that stores our posts, renders our pages and sends our newsletter. That matters for three reasons:

- **We can leave.** Our content is in a format we control, on infrastructure we choose. No vendor can hold our archive hostage.
- **We can fix things.** When something doesn't work the way a newsroom needs, we can change it and share the fix with everyone else.
- **Readers can check.** If we say we don't track you, the code is there to prove it.

## An open style guide

Our style guide covers the usual things: spelling, numbers, how we write dates and how we refer to people. Publishing it means contributors know what to expect before they pitch, and readers can see the standards we hold ourselves to. It also keeps us honest; it is harder to quietly lower a bar that everyone can see.

## Visible corrections

Every publication makes mistakes. What differs is what happens next. When we get something wrong, we fix it and add a note at the end of the article saying what changed and when. We don't silently edit. We don't delete.

> Trust isn't built by never being wrong. It's built by being wrong in a way people can see, and then doing the right thing.

## The costs

Openness is not free. It takes time to write down decisions we might otherwise keep in our heads, and it invites criticism that a closed process would avoid. Some of that criticism has been unfair. Much more of it has made our work better.

## Join in

If you are curious about the platform, the [Open Source Initiative](https://opensource.org/osd) explains what "open source" actually guarantees, and our [deployment walkthrough](/deploying-a-publication-to-the-edge/) shows how this site runs. If you spot an error in anything we publish, please tell us. We will thank you, and we will fix it in public.`,
  },
  {
    type: 'post',
    title: 'Deploying a publication to the edge: a first walkthrough',
    slug: 'deploying-a-publication-to-the-edge',
    author: 'jonas',
    tags: ['Edge Computing', 'Open Source', 'Guides'],
    categories: ['technology', 'web-platform'],
    contentFormat: 'article',
    customExcerpt:
      'The whole of this site is one Worker, one database and one small scheduler. Here’s how the pieces fit together, and how to deploy your own.',
    daysAgo: 93,
    status: 'published',
    metaDescription:
      'A walkthrough of how Lede runs on Cloudflare Workers with D1 and Durable Objects, and how to deploy it.',
    markdown: `People are sometimes surprised by how little infrastructure sits behind this publication. There is no fleet of servers to patch and no separate database cluster to babysit. The whole site is a single application deployed to Cloudflare's network. This walkthrough explains the moving parts and shows how to deploy your own copy of Lede.

## The pieces

- **One Worker** serves everything: the Admin API used by the editor, the Content API for integrations, and the published site itself.
- **A D1 database**, which is SQLite managed by Cloudflare, stores posts, authors, tags and settings.
- **A Durable Object per site** acts as the publishing scheduler. When a post is scheduled for a future time, it sets an alarm, and the post goes live exactly once, even though the Worker itself runs in many locations.

That last point is a nice example of putting work where it belongs. Rendering pages happens close to readers; deciding *when* to publish happens in one authoritative place.

## Running it locally

You need Node.js 20.19 or newer. Everything local uses the same configuration file as production, and doesn't need a Cloudflare account:

\`\`\`bash
git clone https://github.com/<your-account>/lede.git
cd lede
npm ci
npm start          # local site and APIs on http://127.0.0.1:8787
npm run seed       # optional: load this demo publication
\`\`\`

## Deploying

When you're ready to go live, log in with Wrangler, create the database, and deploy:

\`\`\`bash
npx wrangler login
npx wrangler d1 create lede
# Copy the database_id it prints into wrangler.toml, then:
npm run deploy
\`\`\`

The \`deploy\` script builds the static assets, applies any pending database migrations to the remote database, and publishes the Worker. Run it again whenever you update.

## Things to know before you rely on it

1. **Back up your database.** D1 has built-in point-in-time recovery, but an occasional export you keep somewhere else is cheap insurance.
2. **Use a custom domain** from the start, so links don't change later.
3. **Read the migrations** before upgrading. They are plain SQL files in the \`d1/migrations\` folder, and they tell you exactly what will change.

> Boring infrastructure is a gift to writers. The less time we spend on servers, the more we spend on stories.

Cloudflare's [Workers documentation](https://developers.cloudflare.com/workers/) and the [D1 documentation](https://developers.cloudflare.com/d1/) cover the platform in depth. If you get stuck with Lede itself, open an issue on the repository; we read every one.`,
  },
  {
    type: 'post',
    title: 'Six books that changed how I write software',
    slug: 'six-books-that-changed-how-i-write-software',
    author: 'jonas',
    tags: ['Reading List', 'Opinion'],
    categories: ['books', 'technology'],
    contentFormat: 'article',
    customExcerpt:
      'Not the newest books, and not the most fashionable. Just the ones I keep returning to, and what each one taught me.',
    daysAgo: 104,
    status: 'published',
    metaDescription: 'Six classic books on software design, refactoring and systems, and the lessons that stuck.',
    markdown: `Before I became an editor, I spent a long time writing backend software. The habits I'm proudest of from those years didn't come from frameworks or conference talks. They came from a handful of books, most of them older than some of my colleagues. Here they are, with the one lesson from each that stuck.

## The list

1. **_The Pragmatic Programmer_ by Andrew Hunt and David Thomas.** The lesson: *don't live with broken windows.* Small signs of neglect invite bigger ones. Fix the flaky test today.

2. **_A Philosophy of Software Design_ by John Ousterhout.** The lesson: prefer *deep* modules, meaning simple interfaces hiding a lot of useful work. It gave me words for why some code feels easy to use and some doesn't.

3. **_Refactoring_ by Martin Fowler.** The lesson: change structure and behaviour in *separate* steps. A commit that only moves code around is easy to review; a commit that does both is not.

4. **_Working Effectively with Legacy Code_ by Michael Feathers.** The lesson: legacy code is simply code without tests, and the first job is to get it under test, however awkwardly. Indispensable the first time you inherit a big system.

5. **_Designing Data-Intensive Applications_ by Martin Kleppmann.** The lesson: every storage system makes trade-offs, and you should know which ones yours made. The clearest explanation of replication and consistency I have read.

6. **_The Design of Everyday Things_ by Don Norman.** Not a programming book at all. The lesson: when people make mistakes with something you built, look at the design before you blame the people. It applies to APIs as much as to door handles.

## How to read technical books

I used to read these cover to cover and forget most of it. What works better for me:

- Read one chapter, then **apply it to something real** that week.
- Keep a short file of quotes and ideas, with page numbers, so you can find them again.
- Reread favourites every few years. You will notice different things as your work changes.

> The best technical books aren't about technology. They are about how people think when they are under pressure and short on time.

## Missing from the list

There are brilliant newer books too, and plenty of classics I haven't included. If one shaped the way you work, I'd love to hear about it; our [reading list on climate and cities](/reading-list-cities-water-and-a-warming-world/) started from reader suggestions just like that.`,
  },
  {
    type: 'post',
    title: 'Measuring air quality from your balcony',
    slug: 'measuring-air-quality-from-your-balcony',
    author: 'amara',
    tags: ['Climate Tech', 'Guides', 'Open Source'],
    categories: ['science'],
    contentFormat: 'article',
    customExcerpt:
      'Low-cost particle sensors have made citizen science on air pollution possible. Here’s how to get readings you can actually trust.',
    daysAgo: 116,
    status: 'published',
    metaDescription: 'A practical guide to citizen-science air quality monitoring with low-cost PM2.5 sensors.',
    customFields: { difficulty: 'beginner', project_time: 'one weekend' },
    markdown: `A decade ago, measuring air pollution meant expensive equipment in official monitoring stations, often kilometres apart. Today, a sensor the size of a matchbox can give you a continuous reading of fine particles outside your window. That is a remarkable change, but it comes with caveats that are worth understanding before you start posting charts.

## What the sensors measure

Most low-cost devices measure **particulate matter**: tiny particles suspended in the air. You'll see two numbers:

- **PM2.5**: particles smaller than 2.5 micrometres. These travel deep into the lungs and are the main concern for health.
- **PM10**: larger particles, such as dust and pollen, up to 10 micrometres.

The sensors work by shining a laser through a small air stream and counting the light scattered by particles. Common modules include the Plantower PMS series and the Sensirion SPS30, both widely used in community projects.

## The big caveat: humidity

Optical sensors don't weigh particles; they estimate mass from light scattering. In humid conditions, particles absorb water and swell, so the sensor overestimates. On foggy mornings, readings can jump dramatically for reasons that have nothing to do with pollution. Treat readings taken in very high humidity with suspicion, and consider a model that also records humidity so you can flag them.

## Getting readings you can trust

1. **Placement matters.** Mount the sensor outside, shaded from direct sun and rain, with free airflow. Avoid spots right next to a kitchen vent or a barbecue.
2. **Compare with an official station.** Run your sensor for a few weeks and compare its trend with the nearest official monitor. You are looking for whether it rises and falls at the same times, not for identical numbers.
3. **Look at trends, not spikes.** A single high reading tells you little. A pattern, like every weekday rush hour, tells you a lot.
4. **Record the context.** Note fireworks, wildfires, roadworks and heating season. Future you will be grateful.

> A cheap sensor is a good witness, not a perfect judge. Use it to ask questions, and official data to answer them.

## Share your data

Your readings are most valuable alongside other people's. [Sensor.Community](https://sensor.community/), a volunteer network that started in Stuttgart, publishes build guides and an open map of thousands of home-built stations. For understanding what the numbers mean for health, the World Health Organization's [air quality guidelines](https://www.who.int/news-room/fact-sheets/detail/ambient-(outdoor)-air-quality-and-health) are the standard reference.

Start with one sensor, one balcony and a notebook. That's how most of the best citizen science begins.`,
  },
  {
    type: 'post',
    title: 'The quiet comeback of RSS',
    slug: 'the-quiet-comeback-of-rss',
    author: 'jonas',
    tags: ['Open Source', 'Opinion'],
    categories: ['web-platform', 'culture'],
    contentFormat: 'article',
    customExcerpt: 'Feeds never went away. They just stopped being fashionable, and that might be their strength.',
    daysAgo: 0,
    status: 'draft',
    metaDescription: 'Why RSS and web feeds still matter for independent publishers.',
    markdown: `RSS was declared dead so many times that it's easy to forget it never actually stopped working. Every podcast you listen to is delivered by a feed. Most blogs, this one included, still publish one. And a new generation of readers is discovering feed readers as a calm alternative to algorithmic timelines.

## Why feeds matter for publishers

- **No algorithm in the middle.** If someone subscribes, they see every post, in order.
- **No account required.** Readers don't have to give us an email address to follow along.
- **It's portable.** A reader can take their subscriptions to any app they like.

## To cover

- Short history: from early syndication formats to Atom, and why the format wars stopped mattering
- How feed readers changed after the big web-based readers shut down
- What makes a good feed: full text vs excerpts, stable IDs, proper dates
- Interview quotes from two feed reader developers (waiting on replies)

> Draft note: check the dates in the history section before this goes to review.`,
  },
  {
    type: 'post',
    title: 'Reading on the road: how I choose books for a trip',
    slug: 'reading-on-the-road-how-i-choose-books-for-a-trip',
    author: 'sofia',
    tags: ['Reading List', 'Opinion'],
    categories: ['books', 'travel'],
    contentFormat: 'article',
    customExcerpt:
      'One book set where you’re going, one that has nothing to do with it, and one you’re willing to leave behind.',
    daysAgo: 0,
    status: 'review',
    metaDescription: 'A simple rule for choosing which books to pack for a trip.',
    markdown: `Packing books is the hardest part of packing for me. Clothes are practical decisions. Books are promises to a future version of yourself, and that person is often tired, on a delayed train and in no mood for the five-hundred-page classic you optimistically brought along.

Over the years I have settled on a simple rule: **three books, three jobs.**

## One set where you are going

Reading a novel set in the city you're visiting changes how you see the streets. In Lisbon it was Fernando Pessoa, a few pages at a time, in the cafés he might have known. The book doesn't need to be famous or even good; it needs to make you look up and notice things.

## One that has nothing to do with it

Travel can become exhausting if every moment is about the place. A second book, completely unrelated, gives your mind somewhere else to rest: a thriller, a memoir, a book about bees. On long journeys it is often the one I finish first.

## One you're willing to leave behind

Many guesthouses, hostels and cafés have a shelf of books left by other travellers. Bring a paperback you are happy to give away, and swap it for something you'd never have chosen yourself. Some of my favourite reads arrived this way.

## A few practical notes

- An e-reader solves the weight problem, but I still carry at least one paper book for flights and beaches.
- Local bookshops are wonderful places to ask for recommendations, and usually happy to point you to translated writers.
- Write the date and place inside the cover. It turns a book into a souvenir.

> Editor's note (Jonas): lovely piece. Could we add one or two specific bookshop recommendations before this goes out?`,
  },
  {
    type: 'post',
    title: 'Introducing the Dispatch Weekly newsletter',
    slug: 'introducing-the-dispatch-weekly-newsletter',
    author: 'maya',
    tags: ['Reading List'],
    categories: ['culture'],
    contentFormat: 'article',
    customExcerpt:
      'Every Friday: our best stories of the week, one thing worth reading elsewhere, and a note from the editors.',
    daysAgo: 0,
    status: 'scheduled',
    scheduleInHours: 2,
    metaDescription: 'The Edge Dispatch is launching a weekly newsletter. Here is what to expect and how to subscribe.',
    markdown: `Starting this Friday, The Edge Dispatch has a newsletter. We've resisted for a while, because the world doesn't need more email. But many of you have asked for a simple way to keep up without checking the site, so here it is.

## What you'll get

- **The week's stories**, with a sentence on why each one is worth your time.
- **One thing worth reading elsewhere**, a single link we think you'll enjoy, from anywhere on the web.
- **A short note from the editors** on what we're working on and what we got wrong.

## What you won't get

- Tracking pixels or link tracking. We don't need to know whether you opened it.
- More than one email a week.
- Your address shared with anyone, ever.

## How to subscribe

Use the form at the bottom of any page. You'll receive one email asking you to confirm, and nothing else until Friday. Unsubscribing takes a single click from any issue.

> We'd rather you read one issue carefully than skim ten. Thank you for being here.`,
  },
  {
    type: 'page',
    title: 'About The Edge Dispatch',
    slug: 'about',
    author: 'maya',
    tags: [],
    categories: [],
    customExcerpt: 'An independent publication about the web, the planet and the people building both.',
    daysAgo: 120,
    status: 'published',
    metaDescription: 'About The Edge Dispatch: who we are, what we cover and how we work.',
    markdown: `**The Edge Dispatch** is a small, independent publication about the web, the planet and the people building both. We write practical guides for people who make websites, clear explanations of the science and technology of the energy transition, and the occasional dispatch from the road.

## What we cover

- **Technology**: the web platform, performance, privacy and the responsible use of AI.
- **Science**: climate, energy and the practice of measuring the world around us.
- **Culture**: open source, independent publishing and the books that shape our thinking.
- **Travel**: slow travel, remote work and the places in between.

## Who we are

We are a team of five: an owner and publisher, an editor, two staff writers and a rotating group of contributors. We work remotely from four countries, and we meet in person once a year, usually somewhere reachable by train.

## How we work

- We publish our style guide and our corrections. When we get something wrong, we say so at the end of the article.
- We don't run third-party trackers, and we count readers without identifying them.
- Everything published under a byline here was written by that person. Our [AI policy](/how-we-think-about-ai-in-our-newsroom/) explains the details.
- We run on [Lede](/deploying-a-publication-to-the-edge/), an open-source publishing platform, so our archive is always ours.

> We'd rather publish one useful article than five forgettable ones.

## Support us

The best way to support our work is to read it, share it with someone who'd enjoy it, and tell us when we can do better. Our [contact page](/contact/) has all the ways to reach us.`,
  },
  {
    type: 'page',
    title: 'Contact',
    slug: 'contact',
    author: 'jonas',
    tags: [],
    categories: [],
    customExcerpt: 'Pitches, corrections, questions and podcast suggestions: here’s how to reach us.',
    daysAgo: 120,
    status: 'published',
    metaDescription:
      'How to contact The Edge Dispatch: pitches, corrections, podcast suggestions and general questions.',
    markdown: `We read everything that reaches us, and we try to reply to every message within a week. To help it land with the right person, please use the address that best matches your message.

## Get in touch

- **General questions and feedback**: hello@lede.example
- **Corrections**: corrections@lede.example. Please include the article link and what you believe is wrong. We'll fix confirmed errors and note the change at the end of the piece.
- **Pitches**: pitches@lede.example. See below for what helps.
- **Podcast suggestions**: podcast@lede.example

## Pitching us

We welcome pitches from new and experienced writers. A good pitch is short:

1. A working headline and two or three sentences on the story.
2. Why it matters now, and why you are the person to write it.
3. Links to one or two things you've written before, if you have them.

We pay contributors for published work, and we always confirm the fee before you start writing. Please don't send finished drafts unless we ask for them.

## Security and privacy

If you need to share something sensitive, say so in a first message without the details, and we'll arrange a safer channel. We never share contact details of people who write to us.

> We are a small team. If we are slow to reply, it's not because your message doesn't matter.`,
  },
];
