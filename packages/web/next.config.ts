import type { NextConfig } from "next";

const config: NextConfig = {
  // The dashboard is a client of /api only; in AWS CloudFront and locally the runtime serve both on one origin.
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
