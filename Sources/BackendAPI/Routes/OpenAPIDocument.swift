/// The OpenAPI 3.1 description of the REST API, served at `/openapi.json`. A test checks that
/// its paths and methods are exactly the routes the server registers.
enum OpenAPIDocument {
    static let json = #"""
{
 "components": {
  "responses": {
   "BadRequest": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "The request is invalid; details.field names the field"
   },
   "Gone": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "The sequence is ahead of this backend; refetch the state"
   },
   "NoRoute": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "NO_ROUTE: no path of at most maxHops pools connects the tokens"
   },
   "NotFound": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "No such token or pool"
   },
   "RateLimited": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "Too many requests; Retry-After says when to retry",
    "headers": {
     "Retry-After": {
      "schema": {
       "type": "integer"
      }
     }
    }
   },
   "Unauthorized": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "Missing or wrong bearer token"
   },
   "Unavailable": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "A dependency (router, store) is unavailable"
   },
   "Unfillable": {
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    },
    "description": "INSUFFICIENT_LIQUIDITY: no route can fill the amount; AMOUNT_TOO_SMALL: an exact input too small to buy one unit of tokenOut on any route"
   }
  },
  "schemas": {
   "Candle": {
    "properties": {
     "close": {
      "type": "number"
     },
     "high": {
      "type": "number"
     },
     "low": {
      "type": "number"
     },
     "open": {
      "type": "number"
     },
     "time": {
      "type": "integer"
     },
     "trades": {
      "type": "integer"
     },
     "volume0": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "volume1": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "volumeUsd": {
      "type": "number"
     }
    },
    "required": [
     "time",
     "open",
     "high",
     "low",
     "close",
     "volume0",
     "volume1",
     "volumeUsd",
     "trades"
    ],
    "type": "object"
   },
   "Candles": {
    "properties": {
     "candles": {
      "items": {
       "$ref": "#/components/schemas/Candle"
      },
      "type": "array"
     },
     "interval": {
      "type": "string"
     },
     "pool": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     }
    },
    "required": [
     "pool",
     "interval",
     "candles"
    ],
    "type": "object"
   },
   "DailyStats": {
    "properties": {
     "date": {
      "format": "date",
      "type": "string"
     },
     "feesUsd": {
      "type": "number"
     },
     "swaps": {
      "type": "integer"
     },
     "tvlUsd": {
      "type": "number"
     },
     "volumeUsd": {
      "type": "number"
     }
    },
    "required": [
     "date",
     "tvlUsd",
     "volumeUsd",
     "feesUsd",
     "swaps"
    ],
    "type": "object"
   },
   "Error": {
    "properties": {
     "error": {
      "properties": {
       "code": {
        "type": "string"
       },
       "details": {
        "additionalProperties": {
         "type": "string"
        },
        "type": "object"
       },
       "message": {
        "type": "string"
       }
      },
      "required": [
       "code",
       "message"
      ],
      "type": "object"
     }
    },
    "required": [
     "error"
    ],
    "type": "object"
   },
   "Hop": {
    "properties": {
     "amountIn": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "amountOut": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "fee": {
      "type": "integer"
     },
     "pool": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "sqrtPriceX96After": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "ticksCrossed": {
      "type": "integer"
     },
     "tokenIn": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "tokenOut": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     }
    },
    "required": [
     "pool",
     "tokenIn",
     "tokenOut",
     "fee",
     "amountIn",
     "amountOut",
     "sqrtPriceX96After",
     "ticksCrossed"
    ],
    "type": "object"
   },
   "Pool": {
    "properties": {
     "address": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "apr": {
      "type": "number"
     },
     "createdAt": {
      "type": "integer"
     },
     "fee": {
      "type": "integer"
     },
     "fees24hUsd": {
      "type": "number"
     },
     "kind": {
      "enum": [
       "concentrated",
       "constantProduct"
      ],
      "type": "string"
     },
     "liquidity": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "price": {
      "type": "number"
     },
     "reserve0": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "reserve1": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "sequence": {
      "type": "integer"
     },
     "sqrtPriceX96": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "swaps24h": {
      "type": "integer"
     },
     "tick": {
      "type": "integer"
     },
     "tickSpacing": {
      "type": [
       "integer",
       "null"
      ]
     },
     "token0": {
      "$ref": "#/components/schemas/TokenRef"
     },
     "token1": {
      "$ref": "#/components/schemas/TokenRef"
     },
     "tvlUsd": {
      "type": "number"
     },
     "volume24h0": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "volume24h1": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "volume24hUsd": {
      "type": "number"
     }
    },
    "required": [
     "address",
     "kind",
     "token0",
     "token1",
     "fee",
     "reserve0",
     "reserve1",
     "price",
     "tvlUsd",
     "volume24hUsd",
     "fees24hUsd",
     "apr",
     "volume24h0",
     "volume24h1",
     "swaps24h",
     "createdAt",
     "sequence"
    ],
    "type": "object"
   },
   "Position": {
    "properties": {
     "amount0": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "amount1": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "liquidity": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "owner": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "pool": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "tickLower": {
      "type": "integer"
     },
     "tickUpper": {
      "type": "integer"
     },
     "token0": {
      "$ref": "#/components/schemas/TokenRef"
     },
     "token1": {
      "$ref": "#/components/schemas/TokenRef"
     },
     "valueUsd": {
      "type": [
       "number",
       "null"
      ]
     }
    },
    "required": [
     "pool",
     "owner",
     "tickLower",
     "tickUpper",
     "liquidity",
     "amount0",
     "amount1",
     "token0",
     "token1"
    ],
    "type": "object"
   },
   "Prices": {
    "properties": {
     "prices": {
      "additionalProperties": {
       "type": "number"
      },
      "type": "object"
     },
     "sequence": {
      "type": "integer"
     }
    },
    "required": [
     "sequence",
     "prices"
    ],
    "type": "object"
   },
   "Quote": {
    "properties": {
     "amountIn": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "amountInMax": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "amountInUsd": {
      "type": [
       "number",
       "null"
      ]
     },
     "amountOut": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "amountOutMin": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "amountOutUsd": {
      "type": [
       "number",
       "null"
      ]
     },
     "computeMicros": {
      "type": "integer"
     },
     "gasCostInQuoteToken": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "gasCostUsd": {
      "type": [
       "number",
       "null"
      ]
     },
     "gasEstimate": {
      "type": "integer"
     },
     "priceImpactBps": {
      "type": "integer"
     },
     "routes": {
      "items": {
       "$ref": "#/components/schemas/Route"
      },
      "type": "array"
     },
     "stateSequence": {
      "type": "integer"
     },
     "tokenIn": {
      "$ref": "#/components/schemas/Token"
     },
     "tokenOut": {
      "$ref": "#/components/schemas/Token"
     },
     "type": {
      "enum": [
       "exactIn",
       "exactOut"
      ],
      "type": "string"
     }
    },
    "required": [
     "type",
     "amountIn",
     "amountOut",
     "priceImpactBps",
     "gasEstimate",
     "gasCostInQuoteToken",
     "routes",
     "stateSequence",
     "tokenIn",
     "tokenOut"
    ],
    "type": "object"
   },
   "QuoteRequest": {
    "properties": {
     "amount": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "gasPriceWei": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "maxHops": {
      "type": "integer"
     },
     "maxSplits": {
      "type": "integer"
     },
     "slippageBps": {
      "type": "integer"
     },
     "tokenIn": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "tokenOut": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "type": {
      "enum": [
       "exactIn",
       "exactOut"
      ],
      "type": "string"
     }
    },
    "required": [
     "tokenIn",
     "tokenOut",
     "amount"
    ],
    "type": "object"
   },
   "Route": {
    "properties": {
     "amountIn": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "amountOut": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "hops": {
      "items": {
       "$ref": "#/components/schemas/Hop"
      },
      "type": "array"
     },
     "portionBps": {
      "type": "integer"
     }
    },
    "required": [
     "portionBps",
     "amountIn",
     "amountOut",
     "hops"
    ],
    "type": "object"
   },
   "Snapshot": {
    "properties": {
     "chainId": {
      "type": "integer"
     },
     "pools": {
      "items": {
       "type": "object"
      },
      "type": "array"
     },
     "sequence": {
      "type": "integer"
     },
     "tokens": {
      "items": {
       "properties": {
        "address": {
         "description": "EIP-55 checksummed address",
         "pattern": "^0x[0-9a-fA-F]{40}$",
         "type": "string"
        },
        "decimals": {
         "type": "integer"
        },
        "symbol": {
         "type": "string"
        }
       },
       "required": [
        "address",
        "symbol",
        "decimals"
       ],
       "type": "object"
      },
      "type": "array"
     }
    },
    "required": [
     "chainId",
     "sequence",
     "tokens",
     "pools"
    ],
    "type": "object"
   },
   "Stats": {
    "properties": {
     "blockNumber": {
      "type": "integer"
     },
     "fees24hUsd": {
      "type": "number"
     },
     "pools": {
      "type": "integer"
     },
     "sequence": {
      "type": "integer"
     },
     "swaps24h": {
      "type": "integer"
     },
     "timestamp": {
      "type": "integer"
     },
     "tokens": {
      "type": "integer"
     },
     "tvlUsd": {
      "type": "number"
     },
     "volume24hUsd": {
      "type": "number"
     }
    },
    "required": [
     "tvlUsd",
     "volume24hUsd",
     "fees24hUsd",
     "swaps24h",
     "pools",
     "tokens",
     "sequence",
     "blockNumber",
     "timestamp"
    ],
    "type": "object"
   },
   "Status": {
    "properties": {
     "status": {
      "type": "string"
     }
    },
    "required": [
     "status"
    ],
    "type": "object"
   },
   "Swap": {
    "properties": {
     "amount0": {
      "description": "signed integer, decimal string",
      "pattern": "^-?[0-9]+$",
      "type": "string"
     },
     "amount1": {
      "description": "signed integer, decimal string",
      "pattern": "^-?[0-9]+$",
      "type": "string"
     },
     "amountUsd": {
      "type": [
       "number",
       "null"
      ]
     },
     "blockNumber": {
      "type": "integer"
     },
     "liquidity": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "logIndex": {
      "type": "integer"
     },
     "pool": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "price": {
      "type": "number"
     },
     "recipient": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "sender": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "sequence": {
      "type": "integer"
     },
     "sqrtPriceX96": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "tick": {
      "type": "integer"
     },
     "timestamp": {
      "type": "integer"
     },
     "txHash": {
      "type": "string"
     }
    },
    "required": [
     "pool",
     "txHash",
     "logIndex",
     "blockNumber",
     "timestamp",
     "sender",
     "recipient",
     "amount0",
     "amount1",
     "price",
     "sequence"
    ],
    "type": "object"
   },
   "Ticks": {
    "properties": {
     "distribution": {
      "items": {
       "properties": {
        "liquidity": {
         "description": "unsigned integer, decimal string",
         "pattern": "^[0-9]+$",
         "type": "string"
        },
        "priceLower": {
         "type": "number"
        },
        "priceUpper": {
         "type": "number"
        },
        "tickLower": {
         "type": "integer"
        },
        "tickUpper": {
         "type": "integer"
        }
       },
       "required": [
        "tickLower",
        "tickUpper",
        "priceLower",
        "priceUpper",
        "liquidity"
       ],
       "type": "object"
      },
      "type": "array"
     },
     "liquidity": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "pool": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "sqrtPriceX96": {
      "description": "unsigned integer, decimal string",
      "pattern": "^[0-9]+$",
      "type": "string"
     },
     "tick": {
      "type": "integer"
     },
     "ticks": {
      "items": {
       "properties": {
        "index": {
         "type": "integer"
        },
        "liquidityGross": {
         "description": "unsigned integer, decimal string",
         "pattern": "^[0-9]+$",
         "type": "string"
        },
        "liquidityNet": {
         "description": "signed integer, decimal string",
         "pattern": "^-?[0-9]+$",
         "type": "string"
        },
        "price": {
         "type": "number"
        }
       },
       "required": [
        "index",
        "liquidityNet",
        "liquidityGross",
        "price"
       ],
       "type": "object"
      },
      "type": "array"
     }
    },
    "required": [
     "pool",
     "ticks",
     "distribution"
    ],
    "type": "object"
   },
   "Token": {
    "properties": {
     "address": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "decimals": {
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "priceUsd": {
      "type": [
       "number",
       "null"
      ]
     },
     "symbol": {
      "type": "string"
     },
     "tvlUsd": {
      "type": "number"
     },
     "volume24hUsd": {
      "type": "number"
     }
    },
    "required": [
     "address",
     "symbol",
     "name",
     "decimals",
     "tvlUsd",
     "volume24hUsd"
    ],
    "type": "object"
   },
   "TokenRef": {
    "properties": {
     "address": {
      "description": "EIP-55 checksummed address",
      "pattern": "^0x[0-9a-fA-F]{40}$",
      "type": "string"
     },
     "decimals": {
      "type": "integer"
     },
     "name": {
      "type": "string"
     },
     "symbol": {
      "type": "string"
     }
    },
    "required": [
     "address",
     "symbol",
     "name",
     "decimals"
    ],
    "type": "object"
   }
  },
  "securitySchemes": {
   "internalToken": {
    "scheme": "bearer",
    "type": "http"
   }
  }
 },
 "info": {
  "description": "Market state, history and quotes of the BaseBook DEX. Amounts are unsigned integers in the token's smallest unit as decimal strings; USD values are display numbers. Errors are {\"error\":{\"code\",\"message\",\"details\"}}.",
  "title": "BaseBook backend API",
  "version": "1.0.0"
 },
 "openapi": "3.1.0",
 "paths": {
  "/health": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Status"
        }
       }
      },
      "description": "OK"
     }
    },
    "summary": "Liveness: the process serves",
    "tags": [
     "operations"
    ]
   }
  },
  "/internal/v1/state": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Snapshot"
        }
       }
      },
      "description": "OK"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     }
    },
    "security": [
     {
      "internalToken": []
     }
    ],
    "summary": "The whole market in the snapshot format (routers)",
    "tags": [
     "internal"
    ]
   }
  },
  "/internal/v1/state/changes": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "after",
      "required": true,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "seconds to wait, 0 to 60, default 25",
      "in": "query",
      "name": "timeout",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Snapshot"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthorized"
     },
     "410": {
      "$ref": "#/components/responses/Gone"
     }
    },
    "security": [
     {
      "internalToken": []
     }
    ],
    "summary": "Long-poll: pools changed after a sequence",
    "tags": [
     "internal"
    ]
   }
  },
  "/openapi.json": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      },
      "description": "OK"
     }
    },
    "summary": "This document",
    "tags": [
     "operations"
    ]
   }
  },
  "/ready": {
   "get": {
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Status"
        }
       }
      },
      "description": "OK"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "summary": "Readiness: store and bus answer and the market is loaded",
    "tags": [
     "operations"
    ]
   }
  },
  "/v1/pools": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "sort",
      "required": false,
      "schema": {
       "enum": [
        "tvl",
        "volume",
        "fees",
        "apr"
       ],
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "order",
      "required": false,
      "schema": {
       "enum": [
        "desc",
        "asc"
       ],
       "type": "string"
      }
     },
     {
      "description": "only pools with this token",
      "in": "query",
      "name": "token",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "1 to 100, default 20",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "nextCursor of the previous page",
      "in": "query",
      "name": "cursor",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "properties": {
          "data": {
           "items": {
            "$ref": "#/components/schemas/Pool"
           },
           "type": "array"
          },
          "nextCursor": {
           "type": [
            "string",
            "null"
           ]
          }
         },
         "required": [
          "data",
          "nextCursor"
         ],
         "type": "object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "List pools",
    "tags": [
     "pools"
    ]
   }
  },
  "/v1/pools/{address}": {
   "get": {
    "parameters": [
     {
      "description": "0x-prefixed 20-byte hex address, any case",
      "in": "path",
      "name": "address",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Pool"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "One pool",
    "tags": [
     "pools"
    ]
   }
  },
  "/v1/pools/{address}/candles": {
   "get": {
    "parameters": [
     {
      "description": "0x-prefixed 20-byte hex address, any case",
      "in": "path",
      "name": "address",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "interval",
      "required": false,
      "schema": {
       "enum": [
        "1m",
        "5m",
        "1h",
        "1d"
       ],
       "type": "string"
      }
     },
     {
      "description": "unix seconds",
      "in": "query",
      "name": "from",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "unix seconds",
      "in": "query",
      "name": "to",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Candles"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "OHLCV candles",
    "tags": [
     "pools"
    ]
   }
  },
  "/v1/pools/{address}/swaps": {
   "get": {
    "parameters": [
     {
      "description": "0x-prefixed 20-byte hex address, any case",
      "in": "path",
      "name": "address",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "1 to 100, default 20",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "nextCursor of the previous page",
      "in": "query",
      "name": "cursor",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "properties": {
          "data": {
           "items": {
            "$ref": "#/components/schemas/Swap"
           },
           "type": "array"
          },
          "nextCursor": {
           "type": [
            "string",
            "null"
           ]
          }
         },
         "required": [
          "data",
          "nextCursor"
         ],
         "type": "object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "Recent swaps of a pool, newest first",
    "tags": [
     "swaps"
    ]
   }
  },
  "/v1/pools/{address}/ticks": {
   "get": {
    "parameters": [
     {
      "description": "0x-prefixed 20-byte hex address, any case",
      "in": "path",
      "name": "address",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Ticks"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "Initialized ticks and liquidity distribution",
    "tags": [
     "pools"
    ]
   }
  },
  "/v1/positions": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "owner",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "1 to 100, default 20",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "nextCursor of the previous page",
      "in": "query",
      "name": "cursor",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "properties": {
          "data": {
           "items": {
            "$ref": "#/components/schemas/Position"
           },
           "type": "array"
          },
          "nextCursor": {
           "type": [
            "string",
            "null"
           ]
          }
         },
         "required": [
          "data",
          "nextCursor"
         ],
         "type": "object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "Liquidity positions of an owner",
    "tags": [
     "positions"
    ]
   }
  },
  "/v1/prices": {
   "get": {
    "parameters": [],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Prices"
        }
       }
      },
      "description": "OK"
     }
    },
    "summary": "USD prices of tokens",
    "tags": [
     "prices"
    ]
   }
  },
  "/v1/quote": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "tokenIn",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "tokenOut",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "decimal string, smallest unit",
      "in": "query",
      "name": "amount",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "type",
      "required": false,
      "schema": {
       "enum": [
        "exactIn",
        "exactOut"
       ],
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "slippageBps",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "maxHops",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "maxSplits",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "in": "query",
      "name": "gasPriceWei",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Quote"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NoRoute"
     },
     "422": {
      "$ref": "#/components/responses/Unfillable"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "summary": "Best route for a swap (proxied to the router)",
    "tags": [
     "quotes"
    ]
   },
   "post": {
    "requestBody": {
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/QuoteRequest"
       }
      }
     },
     "required": true
    },
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Quote"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NoRoute"
     },
     "413": {
      "$ref": "#/components/responses/BadRequest"
     },
     "422": {
      "$ref": "#/components/responses/Unfillable"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     },
     "503": {
      "$ref": "#/components/responses/Unavailable"
     }
    },
    "summary": "Best route for a swap (proxied to the router)",
    "tags": [
     "quotes"
    ]
   }
  },
  "/v1/stats": {
   "get": {
    "parameters": [],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Stats"
        }
       }
      },
      "description": "OK"
     }
    },
    "summary": "Protocol totals",
    "tags": [
     "stats"
    ]
   }
  },
  "/v1/stats/history": {
   "get": {
    "parameters": [
     {
      "description": "1 to 365, default 30",
      "in": "query",
      "name": "days",
      "required": false,
      "schema": {
       "type": "integer"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "properties": {
          "data": {
           "items": {
            "$ref": "#/components/schemas/DailyStats"
           },
           "type": "array"
          },
          "nextCursor": {
           "type": "null"
          }
         },
         "type": "object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "Daily protocol history, oldest first",
    "tags": [
     "stats"
    ]
   }
  },
  "/v1/swaps": {
   "get": {
    "parameters": [
     {
      "in": "query",
      "name": "account",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "in": "query",
      "name": "pool",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "1 to 100, default 20",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "nextCursor of the previous page",
      "in": "query",
      "name": "cursor",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "properties": {
          "data": {
           "items": {
            "$ref": "#/components/schemas/Swap"
           },
           "type": "array"
          },
          "nextCursor": {
           "type": [
            "string",
            "null"
           ]
          }
         },
         "required": [
          "data",
          "nextCursor"
         ],
         "type": "object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "Swaps by account or pool, newest first",
    "tags": [
     "swaps"
    ]
   }
  },
  "/v1/tokens": {
   "get": {
    "parameters": [
     {
      "description": "part of a symbol, name or address",
      "in": "query",
      "name": "search",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "description": "1 to 100, default 20",
      "in": "query",
      "name": "limit",
      "required": false,
      "schema": {
       "type": "integer"
      }
     },
     {
      "description": "nextCursor of the previous page",
      "in": "query",
      "name": "cursor",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "properties": {
          "data": {
           "items": {
            "$ref": "#/components/schemas/Token"
           },
           "type": "array"
          },
          "nextCursor": {
           "type": [
            "string",
            "null"
           ]
          }
         },
         "required": [
          "data",
          "nextCursor"
         ],
         "type": "object"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "List tokens, most locked value first",
    "tags": [
     "tokens"
    ]
   }
  },
  "/v1/tokens/{address}": {
   "get": {
    "parameters": [
     {
      "description": "0x-prefixed 20-byte hex address, any case",
      "in": "path",
      "name": "address",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Token"
        }
       }
      },
      "description": "OK"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "summary": "One token",
    "tags": [
     "tokens"
    ]
   }
  }
 },
 "servers": [
  {
   "url": "http://localhost:4000"
  }
 ]
}
"""#
}
