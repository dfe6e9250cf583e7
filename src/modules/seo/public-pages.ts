import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppConfigService } from '../../config/app-config.service';
import { PostsService, type PublicPostRef } from '../posts/posts.service';
import { postHead, robotsTxt, sitemap, SITEMAP_MAX_URLS, withHead } from './public-head';

/** A post's page as the web client routes it; the id is checked before any query. */
const POST_PAGE = /^\/posts\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * What search engines read outside `/api`: `/robots.txt`, `/sitemap.xml`, and the page of a
 * public post with its title, description, canonical URL and Open Graph tags in the HTML.
 * Any other post (members-only, Golden Crown, deleted, hidden, unknown, malformed) is left to
 * the web client's plain page, byte for byte the page of any client route, so the answer
 * tells nothing about it.
 */
@Injectable()
export class PublicPages {
  private readonly logger = new Logger(PublicPages.name);
  /** Requests for the sitemap while one is read share that read. */
  private sitemapRead?: Promise<PublicPostRef[]>;

  constructor(
    private readonly posts: PostsService,
    private readonly config: AppConfigService,
  ) {}

  /**
   * The Express middleware, mounted before the web client. `indexHtml` (the built client
   * page) is read once, here; without it posts' pages are left to the web client, which
   * then serves the API only, and the sitemap and robots.txt are still answered.
   */
  handler(indexHtml: string): RequestHandler {
    const template = readTemplate(indexHtml);
    return (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        next();
      } else if (req.path === '/robots.txt') {
        res.type('text/plain').setHeader('Cache-Control', 'public, max-age=3600');
        res.send(robotsTxt(this.baseUrl(req)));
      } else if (req.path === '/sitemap.xml') {
        void this.sendSitemap(req, res);
      } else {
        const postId = template === null ? undefined : POST_PAGE.exec(req.path)?.[1];
        if (postId === undefined || template === null) next();
        else void this.sendPostPage(req, res, next, template, postId.toLowerCase());
      }
    };
  }

  /** The site's address: `PUBLIC_URL`, else the request's (proxy headers with `TRUST_PROXY`). */
  private baseUrl(req: Request): string {
    return this.config.get('PUBLIC_URL') ?? `${req.protocol}://${req.host}`;
  }

  private async sendPostPage(
    req: Request,
    res: Response,
    next: NextFunction,
    template: string,
    postId: string,
  ): Promise<void> {
    let head: string | null;
    try {
      const post = await this.posts.findPublic(postId);
      head = post ? postHead(post, this.baseUrl(req)) : null;
    } catch (error) {
      // The client page still works without its tags (and shows the error itself).
      this.logger.warn({ err: error }, `Post page ${postId} sent without its tags`);
      head = null;
    }
    if (head === null) {
      next();
      return;
    }
    res.type('html').setHeader('Cache-Control', 'no-cache');
    res.send(withHead(template, head));
  }

  private async sendSitemap(req: Request, res: Response): Promise<void> {
    try {
      this.sitemapRead ??= this.posts.listPublic(SITEMAP_MAX_URLS).finally(() => {
        this.sitemapRead = undefined;
      });
      const posts = await this.sitemapRead;
      res.type('application/xml').setHeader('Cache-Control', 'public, max-age=600');
      res.send(sitemap(posts, this.baseUrl(req)));
    } catch (error) {
      this.logger.error({ err: error }, 'The sitemap could not be read');
      res.status(503).type('text/plain').setHeader('Retry-After', '60');
      res.send('The sitemap is unavailable, try again later\n');
    }
  }
}

function readTemplate(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
