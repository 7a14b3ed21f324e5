"""Reference data seeded on every start (idempotent): plans and industries with their sectors."""

from __future__ import annotations

from decimal import Decimal

PLANS = [
    {
        "slug": "free",
        "name": "Free",
        "monthly_credits": 1000,
        "support_level": "basic",
        "price": Decimal("0"),
        "storage_quota_gb": 1,
    },
    {
        "slug": "starter",
        "name": "Starter",
        "monthly_credits": 5000,
        "support_level": "basic",
        "price": Decimal("29"),
        "storage_quota_gb": 10,
    },
    {
        "slug": "growth",
        "name": "Growth",
        "monthly_credits": 20000,
        "support_level": "priority",
        "price": Decimal("99"),
        "storage_quota_gb": 25,
    },
    {
        "slug": "agency",
        "name": "Agency",
        "monthly_credits": 100000,
        "support_level": "enterprise",
        "price": Decimal("349"),
        "storage_quota_gb": 100,
    },
]

INDUSTRIES: dict[str, list[str]] = {
    "Automotive": [
        "Car Dealerships",
        "Auto Repair & Maintenance",
        "Auto Parts & Accessories",
        "Electric Vehicles",
        "Car Rental",
    ],
    "Beauty & Personal Care": ["Skincare", "Hair Care", "Cosmetics & Makeup", "Salons & Spas", "Fragrances"],
    "Education": ["Online Courses", "K-12 Schools", "Higher Education", "Tutoring", "Language Learning"],
    "Finance": ["Banking", "Personal Finance", "Insurance", "Investing", "Cryptocurrency", "Accounting & Tax"],
    "Food & Beverage": ["Restaurants", "Recipes & Cooking", "Coffee & Tea", "Wine & Spirits", "Food Delivery"],
    "Health & Wellness": [
        "Fitness",
        "Nutrition & Supplements",
        "Mental Health",
        "Dental Care",
        "Medical Clinics",
        "Yoga & Meditation",
    ],
    "Home & Garden": [
        "Home Improvement",
        "Furniture",
        "Interior Design",
        "Gardening",
        "Plumbing & HVAC",
        "Cleaning Services",
    ],
    "Legal": ["Personal Injury", "Family Law", "Immigration Law", "Business Law", "Criminal Defense"],
    "Marketing & Advertising": [
        "SEO",
        "Content Marketing",
        "Social Media Marketing",
        "PPC Advertising",
        "Email Marketing",
    ],
    "Pets": ["Dog Care", "Cat Care", "Pet Food", "Veterinary Services", "Pet Grooming"],
    "Real Estate": [
        "Residential Sales",
        "Property Management",
        "Commercial Real Estate",
        "Mortgages",
        "Vacation Rentals",
    ],
    "Retail & E-commerce": ["Fashion & Apparel", "Electronics", "Jewelry", "Sporting Goods", "Toys & Games", "Books"],
    "Technology": [
        "SaaS",
        "Cybersecurity",
        "Web Hosting",
        "Consumer Electronics",
        "IT Services",
        "Artificial Intelligence",
    ],
    "Travel & Hospitality": ["Hotels", "Travel Agencies", "Destinations & Guides", "Airlines", "Tours & Activities"],
    "Construction & Trades": ["Roofing", "Electrical", "General Contracting", "Landscaping", "Solar Installation"],
    "Professional Services": ["Consulting", "Recruiting & Staffing", "Architecture", "Photography", "Event Planning"],
}
